import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { brandNameSchema, brandSlugSchema } from '../../../../domain/brand-admin.schemas';
import { AgentBar } from '../../components/AgentBar';
import { describedBy, Field, Layout } from '../../components/Layout';
import { apiProblem, say, type Problem } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as queue from '../../i18n/queue';
import * as shops from '../../i18n/shops';
import { ApiError } from '../../api';
import { detailsByPath, policyProblem, type PathProblems } from './policy-draft';
import { useShopList } from './use-brand-admin';

addNamespaces({ queue, shops });

/** `/shops` (admins): the shops, each linked to its editor and its customer form, and a new shop started from a preset. */
export function ShopsPage() {
  const { t } = useTranslation();
  const { shops: list, presets, problem, create } = useShopList();
  const navigate = useNavigate();
  const [preset, setPreset] = useState('');
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [problems, setProblems] = useState<PathProblems & { form?: Problem }>({});
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

  const choose = (key: string) => {
    const p = presets?.find((x) => x.slug === key);
    setPreset(key);
    if (p) {
      setName(p.name);
      setSlug(p.slug);
    }
  };
  // The first preset is chosen once they arrive; choosing one fills the name and identifier it suggests.
  if (presets?.length && !preset) choose(presets[0].slug);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p = presets?.find((x) => x.slug === preset);
    if (!p || inFlight.current) return;
    const found: PathProblems = {};
    const s = brandSlugSchema.safeParse(slug.trim());
    if (!s.success) found.slug = policyProblem('slug', s.error.issues[0] as never);
    const n = brandNameSchema.safeParse(name.trim());
    if (!n.success) found.name = policyProblem('name', n.error.issues[0] as never);
    setProblems(found);
    if (found.slug || found.name) return document.getElementById(found.name ? 'new-name' : 'new-slug')?.focus();
    inFlight.current = true;
    setBusy(true);
    try {
      const brand = await create({ slug: s.data!, name: n.data!, policy: p.policy });
      navigate(`/shops/${encodeURIComponent(brand.slug)}`, { state: { created: brand.name } });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'slug_taken') setProblems({ slug: apiProblem(err) });
      else if (err instanceof ApiError && Array.isArray(err.details)) setProblems({ ...detailsByPath(err.details), form: apiProblem(err) });
      else setProblems({ form: apiProblem(err) });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const chosen = presets?.find((x) => x.slug === preset);
  return (
    <Layout wide actions={<AgentBar />}>
      <h1>{t('shops:title')}</h1>
      <p className="hint">{t('shops:intro')}</p>
      {problem ? <p className="banner error-banner" role="alert">{say(t, problem)}</p> : null}
      <div className="shops-grid">
        <section aria-labelledby="shops-list">
          <h2 id="shops-list" className="visually-hidden">{t('shops:title')}</h2>
          {list === null ? <p aria-busy="true">{t('shops:loading')}</p> : null}
          {list && !list.length ? <p className="empty">{t('shops:none')}</p> : null}
          <ul className="shop-list">
            {list?.map((s) => (
              <li key={s.slug} className="card shop-item" data-shop={s.slug}>
                <div className="connection-head">
                  <h3><Link to={`/shops/${encodeURIComponent(s.slug)}`} aria-label={t('shops:edit', { shop: s.name })}>{s.name}</Link></h3>
                  {s.isDefault ? <span className="pill">{t('shops:isDefault')}</span> : null}
                </div>
                <p className="hint">
                  <code>{s.slug}</code> · {t('shops:timeZone', { zone: s.timeZone })} · <a href={`/s/${encodeURIComponent(s.slug)}`}>{t('shops:customerForm')}</a>
                </p>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="new-shop">
          <h2 id="new-shop">{t('shops:create.title')}</h2>
          <p className="hint">{t('shops:create.intro')}</p>
          <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy || undefined}>
            {problems.form ? <p className="banner error-banner" role="alert">{say(t, problems.form)}</p> : null}
            <Field id="new-preset" label={t('shops:create.preset')} hint={chosen ? t('shops:create.presetSource', { source: chosen.source }) : undefined}>
              <select id="new-preset" value={preset} aria-describedby={describedBy('new-preset', chosen)} onChange={(e) => choose(e.target.value)}>
                {presets?.map((p) => <option key={p.slug} value={p.slug}>{p.name}</option>)}
              </select>
            </Field>
            <Field id="new-name" label={t('shops:create.name')} error={say(t, problems.name)} required>
              <input id="new-name" value={name} autoComplete="off" aria-invalid={problems.name ? true : undefined} aria-describedby={describedBy('new-name', false, problems.name)} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field id="new-slug" label={t('shops:create.slug')} hint={t('shops:create.slugHint')} error={say(t, problems.slug)} required>
              <input id="new-slug" value={slug} autoComplete="off" spellCheck={false} autoCapitalize="off" aria-invalid={problems.slug ? true : undefined} aria-describedby={describedBy('new-slug', true, problems.slug)} onChange={(e) => setSlug(e.target.value.toLowerCase())} />
            </Field>
            <button type="submit" className="primary" disabled={busy || !chosen}>{busy ? t('shops:create.submitting') : t('shops:create.submit')}</button>
          </form>
        </section>
      </div>
    </Layout>
  );
}

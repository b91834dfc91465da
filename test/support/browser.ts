import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium, headless, for the browser tests: without the background-networking
 * flags it tries Google's hosts at every start, which this machine's closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** Phone and desktop viewports the screenshots are taken at. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP = { viewport: { width: 1366, height: 860 } };

/**
 * What went wrong in the pages a test watches: console errors and uncaught exceptions, in
 * `problems`, which a test expects empty at its end (less what it provoked on purpose).
 */
export function pageProblems() {
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    return page;
  };
  return { problems, watch };
}

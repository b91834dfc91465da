import { useEffect, useRef, useState } from 'react';

export interface DisconnectLabels {
  disconnect: string;
  /** The question asked before anything is removed. */
  confirm: string;
  doIt: string;
  doing: string;
  cancel: string;
}

/**
 * A "disconnect" button that asks first (a shop's Stripe connection, its mailbox). Focus
 * follows the question: onto it when it opens, back to the button when it is cancelled,
 * and to the card's heading once there is nothing left to disconnect.
 */
export function DisconnectControl({ labels, busy, disconnecting, headingId, onConfirm }: {
  labels: DisconnectLabels;
  /** Another action of the card is running: nothing can be clicked. */
  busy: boolean;
  disconnecting: boolean;
  headingId: string;
  /** Disconnects; true when it was done (the question then closes). */
  onConfirm: () => Promise<boolean>;
}) {
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const disconnectButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(confirming);
  useEffect(() => {
    if (wasConfirming.current !== confirming) (confirming ? confirmButton.current : (disconnectButton.current ?? document.getElementById(headingId)))?.focus();
    wasConfirming.current = confirming;
  }, [confirming, headingId]);

  // Disconnected, this control goes away with its buttons: the card's heading takes the focus.
  const gone = () => {
    setConfirming(false);
    document.getElementById(headingId)?.focus();
  };
  const questionId = `${headingId}-confirm`;
  return confirming ? (
    <div className="confirm" role="group" aria-labelledby={questionId}>
      <p id={questionId} className="confirm-text">{labels.confirm}</p>
      <div className="row-actions">
        <button type="button" ref={confirmButton} className="primary danger-primary" disabled={busy} onClick={() => void onConfirm().then((done) => done && gone())}>
          {disconnecting ? labels.doing : labels.doIt}
        </button>
        <button type="button" disabled={busy} onClick={() => setConfirming(false)}>{labels.cancel}</button>
      </div>
    </div>
  ) : (
    <div className="row-actions disconnect">
      <button type="button" ref={disconnectButton} className="danger" disabled={busy} onClick={() => setConfirming(true)}>{labels.disconnect}</button>
    </div>
  );
}

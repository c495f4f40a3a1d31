/**
 * A failure as people meet it: the message in a sentence, then the steps to take. Web
 * addresses in a step become links that open in a new tab; everything else stays plain text.
 */
import type { Problem } from '../api/types.ts';

const URL_PATTERN = /(https:\/\/[^\s)]+)/g;

/** One guidance sentence, with its https addresses as links. */
export function LinkedText({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence never move.
          <a key={index} href={part} target="_blank" rel="noreferrer noopener">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A problem box: `error` (role alert) or a calmer `info` tone. */
export function ProblemBox({
  problem,
  tone = 'error',
  title,
}: {
  problem: Problem;
  tone?: 'error' | 'warning' | 'info';
  title?: string;
}) {
  return (
    <div
      className={`notice notice-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-code={problem.code}
    >
      {title ? <p className="notice-title">{title}</p> : null}
      <p className="notice-message">{problem.message}</p>
      {problem.guidance.length > 0 ? (
        <ul className="guidance">
          {problem.guidance.map((step) => (
            <li key={step}>
              <LinkedText text={step} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A short success or information line. */
export function Notice({
  tone = 'success',
  children,
}: {
  tone?: 'success' | 'info' | 'warning';
  children: React.ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role="status">
      {children}
    </div>
  );
}

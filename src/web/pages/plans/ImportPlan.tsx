/**
 * Importing a plan file: pick it or drop it (YAML, JSON, Markdown, Task Master `tasks.json`,
 * spec-kit `tasks.md`). The file is read in the browser and sent as text; when the server
 * refuses it, every problem is shown next to the item and the line it concerns.
 */
import { useState } from 'react';
import { ApiError, api, seg, toProblem } from '../../api/client.ts';
import type { Diagnostic, PlanUploaded, Problem } from '../../api/types.ts';
import { ProblemBox } from '../../components/Problem.tsx';
import { DiagnosticsView } from './DiagnosticsView.tsx';

const FORMATS = [
  { value: '', label: 'Detect from the file' },
  { value: 'projan', label: 'Projan plan (YAML or JSON)' },
  { value: 'markdown', label: 'Markdown outline' },
  { value: 'taskmaster', label: 'Task Master tasks.json' },
  { value: 'speckit', label: 'spec-kit tasks.md' },
];

/** Largest file read in the browser; the server refuses larger plans anyway. */
const MAX_BYTES = 5 * 1024 * 1024;

/** The import card; `onImported` gets the server's answer. */
export function ImportPlan({
  workspaceId,
  onImported,
}: {
  workspaceId: string;
  onImported(answer: PlanUploaded): void;
}) {
  const [file, setFile] = useState<File>();
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [failed, setFailed] = useState<{ text: string; diagnostics: Diagnostic[] }>();

  const upload = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) return;
    const data = new FormData(event.currentTarget);
    const format = String(data.get('format') ?? '');
    const tag = String(data.get('tag') ?? '').trim();
    setProblem(undefined);
    setFailed(undefined);
    if (file.size > MAX_BYTES) {
      setProblem({
        code: 'body_too_large',
        message: `${file.name} is larger than 5 MB, the largest plan Projan accepts.`,
        guidance: ['Split the plan into smaller plans and import them one by one.'],
      });
      return;
    }
    setBusy(true);
    const text = await file.text();
    try {
      const answer = await api<PlanUploaded>('POST', `/api/workspaces/${seg(workspaceId)}/plans`, {
        fileName: file.name,
        content: text,
        ...(format ? { format } : {}),
        ...(tag ? { tag } : {}),
      });
      onImported(answer);
    } catch (error) {
      setProblem(toProblem(error));
      if (error instanceof ApiError && Array.isArray(error.body.diagnostics)) {
        setFailed({ text, diagnostics: error.body.diagnostics as Diagnostic[] });
      }
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (event: React.DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import a plan</h2>
      <form className="form" onSubmit={(event) => void upload(event)}>
        <section
          aria-label="Plan file: choose one or drop it here"
          className={dragging ? 'dropzone dropzone-active' : 'dropzone'}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <label className="field">
            <span>Plan file</span>
            <input
              type="file"
              name="file"
              accept=".yaml,.yml,.json,.md,.markdown,.txt"
              onChange={(event) => setFile(event.target.files?.[0])}
            />
          </label>
          <p className="muted">
            {file ? `Selected: ${file.name}.` : 'Or drop a file here.'} YAML, JSON, Markdown, Task
            Master <code>tasks.json</code> or spec-kit <code>tasks.md</code>.
          </p>
        </section>
        <div className="row">
          <label className="field">
            <span>Format</span>
            <select name="format" defaultValue="">
              {FORMATS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Task Master tag (optional)</span>
            <input name="tag" maxLength={100} />
          </label>
        </div>
        <button type="submit" className="button button-primary" disabled={!file || busy}>
          {busy ? 'Importing…' : 'Import plan'}
        </button>
      </form>
      {problem ? <ProblemBox problem={problem} title="The plan was not imported" /> : null}
      {failed ? <DiagnosticsView text={failed.text} diagnostics={failed.diagnostics} /> : null}
    </section>
  );
}

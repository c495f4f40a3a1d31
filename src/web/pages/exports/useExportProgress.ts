/**
 * Live progress of one export from the server-sent events of `GET /api/exports/:id/events`:
 * `progress` frames while it runs, then one `finished` frame with the stored run. The browser
 * reconnects a dropped stream by itself; a closed stream after `finished` is the normal end.
 */
import { useEffect, useState } from 'react';
import { seg } from '../../api/client.ts';
import type { ExportView, ProgressFrame } from '../../api/types.ts';

/** What the page shows. */
export interface LiveExport {
  progress: ProgressFrame | undefined;
  finished: ExportView | undefined;
  /** The stream failed and the browser gave up reconnecting. */
  lost: boolean;
}

/** Follows the export; stops when it finishes or the component goes away. */
export function useExportProgress(exportId: string): LiveExport {
  const [progress, setProgress] = useState<ProgressFrame>();
  const [finished, setFinished] = useState<ExportView>();
  const [lost, setLost] = useState(false);

  useEffect(() => {
    setProgress(undefined);
    setFinished(undefined);
    setLost(false);
    const source = new EventSource(`/api/exports/${seg(exportId)}/events`);
    source.addEventListener('progress', (event) => {
      setProgress(JSON.parse((event as MessageEvent<string>).data) as ProgressFrame);
    });
    source.addEventListener('finished', (event) => {
      setFinished(JSON.parse((event as MessageEvent<string>).data) as ExportView);
      source.close();
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setLost(true);
    });
    return () => source.close();
  }, [exportId]);

  return { progress, finished, lost };
}

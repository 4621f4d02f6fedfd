// Compiled (never run) by test/contract.test.js with `tsc --noEmit --strict`:
// it fails when index.d.ts or the generated types/ do not fit together, or no
// longer describe the calls a user writes.
import { LmforgeClient, LmforgeError, Stream } from '..';
import type { JobEvent__Output } from '../types/lmforge/v1/JobEvent';

async function use(c: LmforgeClient): Promise<void> {
  const reply = await c.chat('lm', [{ role: 'user', content: 'hi' }], { maxNewTokens: 8 });
  const text: string = reply.message?.content ?? '';
  for await (const d of c.chatStream('lm', [{ role: 'user', content: 'hi' }])) {
    const delta: string = d.textDelta;
    void delta;
  }
  const vectors: number[][] = await c.embed('emb', ['a'], { normalize: true, pooling: 'cls' });
  const job = await c.submitJob({ baseModel: 'lm', dataset: 'chat', hyperparameters: { maxSteps: 2 } });
  const state: string = (await c.getJob(job.id)).state;
  const events: Stream<JobEvent__Output> = c.watchJob(job.id);
  for await (const e of events) if (e.stateChange) void e.stateChange.state;
  const page = await c.listModelVersions({ model: 'lm', pageSize: 10 });
  const info = await c.getServerInfo();
  void [text, vectors, state, page.versions.length, info];
  try {
    await c.cancelJob(job.id);
  } catch (err) {
    if (err instanceof LmforgeError) void err.status.toLowerCase();
  }
}
void use;

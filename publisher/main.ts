/**
 * The publisher as a production service (`npm run publisher`, or deploy/systemd/tintinh-publisher.service):
 * configured by the environment alone (config.ts), runs until SIGTERM or SIGINT, then stops what
 * it started (render host, background build, SSH connections) and exits.
 */
import { publisherConfig } from './config.ts';
import { stopAll } from './lib/processes.ts';
import { startPublisher } from './publisher.ts';

const log = (line: string) => console.log(`[publisher] ${line}`);

let options: ReturnType<typeof publisherConfig>;
try {
  options = publisherConfig(process.env);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}

const publisher = await startPublisher({ ...options, log });
log(
  `up: site ${publisher.siteUrl}, status ${publisher.controlUrl}/_status, ${options.edges?.length ?? 0} remote edge(s), ${options.caches?.length ?? 0} cache(s)`,
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  await publisher.close();
  await stopAll();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

// One replica in a process of its own, so a test can kill -9 it: `node --import tsx replica-main.ts <config>`.
// Prints {"url": …} on stdout once it serves.
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import { startService } from '../../src/service.js';

const configPath = process.argv[2] ?? '';
const config = loadConfig({ env: {}, cwd: path.dirname(configPath), overrides: { configPath } });
const service = await startService(config, createLogger('silent'), { schedule: false, processMetrics: false });
process.stdout.write(`${JSON.stringify({ url: service.url })}\n`);
process.once('SIGTERM', () => void service.close().then(() => process.exit(0)));

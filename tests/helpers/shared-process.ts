// Runs the test files scripts/run-tests.mjs lists in FW_SHARED_TESTS in this one process, one after
// another: their tests only call functions, so they need no process of their own (see SHARED there).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const files: unknown = JSON.parse(process.env.FW_SHARED_TESTS ?? '[]');
if (!Array.isArray(files) || files.length === 0) throw new Error('FW_SHARED_TESTS names no test files');
for (const file of files) await import(pathToFileURL(path.resolve(String(file))).href);

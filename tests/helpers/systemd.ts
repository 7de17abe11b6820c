// `systemd-analyze verify` of a unit on a made-up root, so that ExecStart= is looked up where an install
// would put the command (/usr/bin with Debian's Node, /usr/local/bin with Node's own builds), not on this
// machine, where feedwright is not installed.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HAS_ANALYZE = spawnSync('systemd-analyze', ['--version']).status === 0;

/** verify's status and output for `unit` on a root whose only `feedwright` is in `binDir` (none: undefined). */
export function verifyOnRoot(unit: string, binDir: 'usr/bin' | 'usr/local/bin' | undefined): { status: number | null; stderr: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fw-unit-root-'));
  try {
    // The targets the unit names (multi-user.target…) and what they pull in: the machine's own units.
    cpSync('/usr/lib/systemd/system', path.join(root, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
    writeFileSync(path.join(root, 'etc/systemd/system/feedwright.service'), unit);
    if (binDir) {
      mkdirSync(path.join(root, binDir), { recursive: true });
      writeFileSync(path.join(root, binDir, 'feedwright'), '#!/bin/sh\n');
      chmodSync(path.join(root, binDir, 'feedwright'), 0o755);
    }
    const res = spawnSync('systemd-analyze', ['verify', `--root=${root}`, '/etc/systemd/system/feedwright.service'], { encoding: 'utf8' });
    return { status: res.status, stderr: res.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

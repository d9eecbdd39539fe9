import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from './commands/index.ts';
import { buildProgram, commandName, main } from './main.ts';

// main() in-process: exit codes, --version and the lazy command registry. What only a process can show (what
// `omo --help` imports, signals) is in test/cli-process.test.ts.

let out: string;
let err: string;
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('omo main', () => {
  it('exits 2 for usage errors inside subcommands, as for the root command', async () => {
    expect(await main(['models', '--no-such-flag'])).toBe(2);
    expect(err).toContain("unknown option '--no-such-flag'");
    expect(await main(['show'])).toBe(2);
    expect(err).toContain("missing required argument 'id-or-alias'");
    expect(await main(['catalog', 'check', '--bogus'])).toBe(2);
    expect(await main(['no-such-command'])).toBe(2);
  });

  it('prints the package version for --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await main(['--version'])).toBe(0);
    expect(await main(['-V'])).toBe(0);
    expect(out).toBe(`${version}\n${version}\n`);
  });

  it('lists every command in --help and shows a command its own help', async () => {
    expect(await main(['--help'])).toBe(0);
    for (const c of COMMANDS) expect(out).toMatch(new RegExp(`^  ${c.name} `, 'm'));
    out = '';
    expect(await main(['show', '--help'])).toBe(0);
    expect(out).toContain('Usage: omo show [options] <id-or-alias>');
    out = '';
    expect(await main(['help', 'models'])).toBe(0);
    expect(out).toContain('--country <code-or-name>');
  });

  it('finds the command to load past root options and their values', () => {
    expect(commandName(['show', 'r1'])).toBe('show');
    expect(commandName(['--db', 'show', 'models'])).toBe('models');
    expect(commandName(['--catalog', 'x', '--db=y', 'show'])).toBe('show');
    expect(commandName(['help', 'serve'])).toBe('serve');
    expect(commandName(['--help'])).toBeUndefined();
    expect(commandName(['--', 'show'])).toBeUndefined();
  });

  it("has one registry entry per command, whose summary is the loaded command's description", async () => {
    const program = await buildProgram();
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    for (const [i, cmd] of program.commands.entries()) expect(cmd.description()).toBe(COMMANDS[i]?.summary);
    expect(program.commands.find((c) => c.name() === 'models')?.options.length).toBeGreaterThan(5);
  });
});

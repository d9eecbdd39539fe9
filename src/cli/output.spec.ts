import { describe, expect, it } from 'vitest';
import { renderTable, terminalSafe } from './output.ts';

describe('terminal output', () => {
  it('escapes C0 (but newline and tab), DEL and C1 controls; keeps the rest', () => {
    expect(terminalSafe('a\u001b[2Jb\u0007c\u009bd\u007fe\r\nf\tg é 中')).toBe(
      'a\\x1b[2Jb\\x07c\\x9bd\\x7fe\\x0d\nf\tg é 中',
    );
  });

  it('escapes controls, newlines included, inside table cells', () => {
    const table = renderTable(['name'], [['evil\u001b]0;x\u0007\u009b\nname']]);
    expect(table.split('\n')[2]).toBe('evil\\x1b]0;x\\x07\\x9b\\x0aname');
  });
});

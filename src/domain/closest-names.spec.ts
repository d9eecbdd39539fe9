import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean, foldName } from './closest-names.ts';

const models = [
  {
    value: 'deepseek-ai/DeepSeek-R1',
    names: ['deepseek-ai/DeepSeek-R1', 'DeepSeek-R1', 'deepseek-r1', 'R1'],
  },
  { value: 'moonshotai/Kimi-K2-Instruct', names: ['moonshotai/Kimi-K2-Instruct', 'Kimi-K2-Instruct'] },
  { value: 'moonshotai/Kimi-K2-Base', names: ['moonshotai/Kimi-K2-Base', 'Kimi-K2-Base'] },
  { value: 'baidu/ERNIE-4.5-300B-A47B', names: ['ERNIE-4.5-300B-A47B', '文心4.5'] },
];

describe('closestNames', () => {
  it('folds case, accents and separators', () => {
    expect(foldName('DeepSeek R1')).toBe(foldName('deepseek-r1'));
    expect(foldName('Café_Model.v2')).toBe('cafemodelv2');
  });

  it('finds a typo within a few edits', () => {
    expect(closestNames('deepsek-r1', models)).toEqual(['deepseek-ai/DeepSeek-R1']);
  });

  it('finds names that contain what was typed, in any script', () => {
    expect(closestNames('Kimi', models)).toEqual(['moonshotai/Kimi-K2-Base', 'moonshotai/Kimi-K2-Instruct']);
    expect(closestNames('文心', models)).toEqual(['baidu/ERNIE-4.5-300B-A47B']);
  });

  it('suggests nothing for a name far from every candidate, and respects the limit', () => {
    expect(closestNames('mistral', models)).toEqual([]);
    expect(closestNames('k', models, 1)).toHaveLength(1);
    expect(closestNames('', models)).toEqual([]);
  });

  it('formats a suggestion for an error message', () => {
    expect(didYouMean([])).toBe('');
    expect(didYouMean(['a', 'b'])).toBe(' (did you mean "a", "b"?)');
  });
});

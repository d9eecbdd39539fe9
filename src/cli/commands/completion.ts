import { Argument, Command, type Option } from 'commander';
import { ATTRIBUTIONS, GROUPINGS, RANK_METRICS } from '../../analysis/rank.ts';
import { INTERVALS, TREND_METRICS } from '../../analysis/trend.ts';
import {
  Architecture,
  EntryKind,
  LicenseClass,
  Modality,
  OrganizationKind,
  Task,
  WeightsStatus,
} from '../../domain/enums.ts';

// Shell completion, generated from the program's own command tree: every command, subcommand and flag `omo` has,
// and the values of flags with a fixed set of them. Nothing is listed by hand except those values for flags that do
// not declare `.choices()` themselves; nothing reads the store, so completing costs one start of `omo`.

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

const FORMATS = ['table', 'json', 'csv', 'ndjson'];

/** Values of enum-like flags without `.choices()`, by `<command path> <flag>` or, for every command, by flag. */
const FLAG_VALUES: Record<string, readonly string[]> = {
  '--format': FORMATS,
  '--modality': Modality.options,
  '--input': Modality.options,
  '--output': Modality.options,
  '--task': Task.options,
  '--license-class': LicenseClass.options,
  '--weights': WeightsStatus.options,
  '--architecture': Architecture.options,
  '--kind': EntryKind.options,
  '/orgs --kind': OrganizationKind.options,
  '/rank --by': RANK_METRICS,
  '/rank --group': GROUPINGS,
  '/rank --attribution': ATTRIBUTIONS,
  '/trend --by': TREND_METRICS,
  '/trend --group': GROUPINGS,
  '/trend --interval': INTERVALS,
  '/trend --attribution': ATTRIBUTIONS,
};

/** Flag values and positional arguments that name files or folders. */
const FILE_VALUE = /<(file|dir|csv|target|config)>|<url>/;

interface Flag {
  names: string[];
  description: string;
  /** none: a switch; word: takes a value; file: takes a file or folder. */
  value: 'none' | 'word' | 'file';
  values: readonly string[];
}

interface Node {
  /** `/catalog/check`; '' for omo itself. */
  path: string;
  name: string;
  description: string;
  flags: Flag[];
  /** Whether a positional argument names a file or folder. */
  fileArgument: boolean;
  /** Values of a positional argument with `.choices()` (`omo completion <shell>`). */
  argumentValues: readonly string[];
  children: Node[];
}

const HELP: Flag = { names: ['-h', '--help'], description: 'display help', value: 'none', values: [] };
// Values go into shell words unquoted: only plain ones are offered.
const plain = (values: readonly string[]) => values.filter((v) => /^[\w.@+-]+$/.test(v));

function flagOf(option: Option, path: string): Flag {
  const takesValue = option.required || option.optional;
  const long = option.long ?? '';
  return {
    names: [option.short, option.long].filter((n): n is string => !!n),
    description: option.description,
    value: !takesValue ? 'none' : FILE_VALUE.test(option.flags) ? 'file' : 'word',
    values: plain(option.argChoices ?? FLAG_VALUES[`${path} ${long}`] ?? FLAG_VALUES[long] ?? []),
  };
}

/** The command tree below `cmd`; `globals` are the root's flags, accepted after any subcommand too. */
function completionTree(cmd: Command, globals: Flag[] = [], path = ''): Node {
  const own = cmd.options.filter((o) => !o.hidden).map((o) => flagOf(o, path));
  const flags = path === '' ? [...own, HELP] : [...own, ...globals];
  return {
    path,
    name: cmd.name(),
    description: cmd.description(),
    flags,
    fileArgument: cmd.registeredArguments.some((a) => /file|dir|csv|target|config/.test(a.name())),
    argumentValues: plain(cmd.registeredArguments.flatMap((a) => a.argChoices ?? [])),
    children: cmd.commands
      .filter((c) => c.name() !== 'help')
      .map((c) => completionTree(c, path === '' ? flags : globals, `${path}/${c.name()}`)),
  };
}

function allNodes(node: Node): Node[] {
  return [node, ...node.children.flatMap(allNodes)];
}

/** Long and short names of flags that take a value, so the path walk skips their values. */
function valueFlagNames(root: Node): string[] {
  const names = new Set<string>();
  for (const n of allNodes(root))
    for (const f of n.flags) if (f.value !== 'none') for (const x of f.names) names.add(x);
  return [...names].sort();
}

function fileFlagNames(root: Node): string[] {
  const names = new Set<string>();
  for (const n of allNodes(root))
    for (const f of n.flags) if (f.value === 'file') for (const x of f.names) names.add(x);
  return [...names].sort();
}

/** `case` arms `"<path> <flag>") <action> ;;` for every flag with known values. */
function valueArms(root: Node, action: (values: readonly string[]) => string): string[] {
  const arms: string[] = [];
  for (const n of allNodes(root)) {
    for (const f of n.flags) {
      if (f.values.length === 0) continue;
      const patterns = f.names.map((x) => `"${n.path} ${x}"`).join('|');
      arms.push(`    ${patterns}) ${action(f.values)} ;;`);
    }
  }
  return arms;
}

const words = (n: Node) =>
  [...n.children.map((c) => c.name), ...n.argumentValues, ...n.flags.flatMap((f) => f.names)].join(' ');
const paths = (root: Node) =>
  allNodes(root)
    .filter((n) => n.path !== '')
    .map((n) => n.path);

/** The loop shared by bash and zsh: the subcommand path typed so far, skipping flags and their values. */
function pathWalk(root: Node, first: string, last: string, array: string): string {
  return `  local cmdpath="" word i skip=0
  for ((i = ${first}; i < ${last}; i++)); do
    word="\${${array}[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$word" in
      --*=*) continue ;;
      -*) case " ${valueFlagNames(root).join(' ')} " in *" $word "*) skip=1 ;; esac; continue ;;
    esac
    case " ${paths(root).join(' ')} " in *" $cmdpath/$word "*) cmdpath="$cmdpath/$word" ;; esac
  done`;
}

function bashScript(root: Node): string {
  const nodes = allNodes(root);
  return `# omo completion for bash. Load it with: source <(omo completion bash)
# or install it: omo completion bash > ~/.local/share/bash-completion/completions/omo
_omo_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
${pathWalk(root, '1', 'COMP_CWORD', 'COMP_WORDS')}
  case "$cmdpath $prev" in
${valueArms(root, (v) => `COMPREPLY=($(compgen -W "${v.join(' ')}" -- "$cur")); return`).join('\n')}
  esac
  case " ${fileFlagNames(root).join(' ')} " in *" $prev "*) COMPREPLY=($(compgen -f -- "$cur")); return ;; esac
  case " ${valueFlagNames(root).join(' ')} " in *" $prev "*) COMPREPLY=(); return ;; esac
  local candidates=""
  case "$cmdpath" in
${nodes.map((n) => `    "${n.path}") candidates="${words(n)}" ;;`).join('\n')}
  esac
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  if [[ \${#COMPREPLY[@]} -eq 0 && "$cur" != -* ]]; then
    case "$cmdpath" in
${nodes
  .filter((n) => n.fileArgument)
  .map((n) => `      "${n.path}") COMPREPLY=($(compgen -f -- "$cur")) ;;`)
  .join('\n')}
    esac
  fi
}
complete -F _omo_complete omo
`;
}

/** Text inside single quotes: ' closes, escapes and reopens. */
const singleQuoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function zshScript(root: Node): string {
  const nodes = allNodes(root);
  const describe = (n: Node) =>
    [
      ...n.children.map((c) => singleQuoted(`${c.name}:${c.description.replace(/:/g, '\\:')}`)),
      ...n.argumentValues,
    ].join(' ');
  return `#compdef omo
# omo completion for zsh. Load it with: source <(omo completion zsh)
# or install it as _omo in a folder of $fpath: omo completion zsh > "\${fpath[1]}/_omo"
_omo() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}"
${pathWalk(root, '2', 'CURRENT', 'words')}
  case "$cmdpath $prev" in
${valueArms(root, (v) => `compadd -- ${v.join(' ')}; return`).join('\n')}
  esac
  case " ${fileFlagNames(root).join(' ')} " in *" $prev "*) _files; return ;; esac
  case " ${valueFlagNames(root).join(' ')} " in *" $prev "*) return 1 ;; esac
  local -a commands flags
  case "$cmdpath" in
${nodes
  .map(
    (n) =>
      `    "${n.path}") commands=(${describe(n)}); flags=(${n.flags.flatMap((f) => f.names).join(' ')}) ;;`,
  )
  .join('\n')}
  esac
  if [[ "$cur" == -* ]]; then compadd -- $flags
  elif (( \${#commands} )); then _describe -t commands 'omo command' commands
  else
    case "$cmdpath" in
${nodes
  .filter((n) => n.fileArgument)
  .map((n) => `      "${n.path}") _files ;;`)
  .join('\n')}
    esac
  fi
}
if [[ "\${funcstack[1]}" == _omo ]]; then
  _omo "$@"
else
  compdef _omo omo
fi
`;
}

function fishScript(root: Node): string {
  const nodes = allNodes(root);
  const lines: string[] = [];
  // Inside fish's single quotes, \\ and \' are the escapes.
  const fishQuoted = (s: string) => `'${s.replace(/[\\']/g, '\\$&')}'`;
  const d = (s: string) => `-d ${fishQuoted(s)}`;
  for (const n of nodes) {
    const at = `-n '__omo_at "${n.path}"'`;
    for (const c of n.children) lines.push(`complete -c omo ${at} -a ${c.name} ${d(c.description)}`);
    for (const f of n.flags) {
      const names = f.names.map((x) => (x.startsWith('--') ? `-l ${x.slice(2)}` : `-s ${x.slice(1)}`));
      const value =
        f.value === 'file'
          ? '-r -F'
          : f.value === 'word'
            ? `-x${f.values.length ? ` -a ${fishQuoted(f.values.join(' '))}` : ''}`
            : '';
      lines.push(`complete -c omo ${at} ${[...names, value].filter(Boolean).join(' ')} ${d(f.description)}`);
    }
    if (n.fileArgument) lines.push(`complete -c omo ${at} -F`);
    if (n.argumentValues.length)
      lines.push(`complete -c omo ${at} -a ${fishQuoted(n.argumentValues.join(' '))}`);
  }
  return `# omo completion for fish. Load it with: omo completion fish | source
# or install it: omo completion fish > ~/.config/fish/completions/omo.fish
function __omo_cmdpath
    set -l cmdpath ''
    set -l skip 0
    for word in (commandline -opc)[2..-1]
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $word
            case '--*=*'
                continue
            case '-*'
                if contains -- $word ${valueFlagNames(root).join(' ')}
                    set skip 1
                end
                continue
        end
        if contains -- "$cmdpath/$word" ${paths(root).join(' ')}
            set cmdpath "$cmdpath/$word"
        end
    end
    echo $cmdpath
end

function __omo_at
    set -l cmdpath (__omo_cmdpath)
    test "$cmdpath" = "$argv[1]"
end

complete -c omo -f
${lines.join('\n')}
`;
}

function completionScript(program: Command, shell: Shell): string {
  const root = completionTree(program);
  return { bash: bashScript, zsh: zshScript, fish: fishScript }[shell](root);
}

export function completionCommand(): Command {
  return new Command('completion')
    .description('Print a completion script for bash, zsh or fish (how to load it is at its top)')
    .addArgument(new Argument('<shell>', SHELLS.join(', ')).choices(SHELLS))
    .action(async (shell: Shell) => {
      // `omo` loads only the command it runs: the script needs every command with its options.
      const { buildProgram } = await import('../main.ts');
      process.stdout.write(completionScript(await buildProgram(), shell));
    });
}

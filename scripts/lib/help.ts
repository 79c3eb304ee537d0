/**
 * Task help (`npx hardhat <task> --help`) as a newcomer should read it. Hardhat 3 prints an option's
 * type name as its value (`--buyer <STRING_WITHOUT_DEFAULT>`), brackets every option as optional
 * (named options cannot be required in Hardhat 3: the tasks check them and refuse with a sentence),
 * and prints `(default: )` for an empty default. `hardhat.config.ts` passes the help text through
 * `rewriteHelp` when `--help` is given: `<STRING>` for the type, and an option or positional argument
 * whose description ends with "(required)" is shown without brackets in the usage line.
 */

/** The marker a task definition ends a required option's or positional argument's description with. */
export const REQUIRED = "(required)";

/** Appends the required marker to a description. */
export function required(description: string): string {
  return `${description} ${REQUIRED}`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The help text of a task, as the Galeon command line shows it (other text is returned unchanged). */
export function rewriteHelp(text: string): string {
  if (!/Usage: \S+ \[GLOBAL OPTIONS\]/.test(text)) return text;
  let out = text.replace(/<([A-Z]+)_WITHOUT_DEFAULT>/g, "<$1>").replace(/ \(default: \)$/gm, "");
  const marked = [...out.matchAll(/^ {2}(--[a-z0-9-]+|[A-Za-z][A-Za-z0-9]*)\s.*\(required\)$/gm)].map((m) => m[1]);
  out = out.replace(/^(Usage: .*)$/m, (usage) => {
    let line = usage;
    for (const name of marked) {
      line = name.startsWith("--")
        ? line.replace(new RegExp(`\\[(${escape(name)} <[A-Z]+>)\\]`), "$1")
        : line.replace(new RegExp(`\\[(${escape(name)})\\]`), "$1");
    }
    return line;
  });
  return out;
}

/**
 * Makes this process's help output go through `rewriteHelp` (Hardhat prints it with one
 * `console.log`, whose function it captured before the configuration loaded: the stream is wrapped).
 */
export function rewriteHelpOutput(argv: readonly string[]): void {
  if (!argv.includes("--help") && !argv.includes("-h")) return;
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === "string" ? rewriteHelp(chunk) : chunk, ...rest)) as typeof stdout.write;
}

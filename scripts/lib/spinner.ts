/**
 * A spinner on stderr while waiting (for a confirmation, typically). It only draws when stderr is
 * a terminal and the output is not `--json`, so logs and pipes never see control characters.
 */
const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export async function withSpinner<T>(label: string, work: Promise<T>, enabled: boolean): Promise<T> {
  const stream = process.stderr;
  if (!enabled || stream.isTTY !== true) return await work;
  let frame = 0;
  const draw = () => stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`);
  draw();
  const timer = setInterval(draw, 80);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    stream.write(`\r${" ".repeat(label.length + 2)}\r`);
  }
}

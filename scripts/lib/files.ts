/** Reading and writing the files tasks take and produce, with one-line refusals. */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { badInput, CliError } from "../../domain/errors/refusal.js";
import { type ActionsFile, parseActionsJson } from "../../domain/governance/governance.js";

/** Reads a text file named on the command line; a missing or unreadable file is bad input. */
export async function readInputFile(file: string, label: string): Promise<string> {
  if (!existsSync(file)) throw badInput(`${label} ${file} does not exist`);
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw badInput(`${label} ${file} cannot be read: ${(error as Error).message}`);
  }
}

/** Reads a file as bytes (e.g. a job description to hash). */
export async function readInputBytes(file: string, label: string): Promise<Uint8Array> {
  if (!existsSync(file)) throw badInput(`${label} ${file} does not exist`);
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    throw badInput(`${label} ${file} cannot be read: ${(error as Error).message}`);
  }
}

/** Writes an output file; refuses a missing directory with a sentence. */
export async function writeOutputFile(file: string, content: string): Promise<string> {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) throw badInput(`cannot write ${file}: directory ${dir} does not exist`);
  try {
    await writeFile(file, content);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`);
  }
  return file;
}

/** Reads and validates an actions file. */
export async function readActionsFile(file: string): Promise<ActionsFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw badInput(`cannot read --actions ${file}${code === undefined ? "" : ` (${code})`}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw badInput(`${file} is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  return parseActionsJson(json, file);
}

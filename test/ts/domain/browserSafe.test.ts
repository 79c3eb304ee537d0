/**
 * The domain layer (`domain/`) is browser-safe and stands alone: esbuild bundles it for the browser
 * with no Node built-in, every import of a domain file is `ethers`, `viem` or another domain file,
 * and the domain files import one another without a circle.
 */
import { expect } from "chai";
import { build } from "esbuild";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const DOMAIN = path.resolve("domain");
const PACKAGES = new Set(["ethers", "viem"]);

/** Every `.ts` file under `dir`, as paths relative to the repository root. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") ? [path.relative(process.cwd(), full)] : [];
  });
}

/** The module specifiers a file imports or re-exports (type-only imports included). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"/g)) found.push(match[1]);
  for (const match of text.matchAll(/(?:^|\n)\s*import\s*"([^"]+)"/g)) found.push(match[1]);
  for (const match of text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) found.push(match[1]);
  return found;
}

/** The domain file a relative specifier of `from` names (`.js` written, `.ts` on disk). */
function resolved(from: string, specifier: string): string {
  return path.join(path.dirname(from), specifier).replace(/\.js$/, ".ts");
}

const files = tsFiles(DOMAIN);

describe("the domain layer", function () {
  it("has files in each subject group", function () {
    for (const group of ["amounts", "chain", "errors", "governance", "quotes", "statements"]) {
      expect(
        files.filter((f) => f.startsWith(path.join("domain", group) + path.sep)),
        group,
      ).to.include(path.join("domain", group, "index.ts"));
    }
  });

  it("imports only ethers, viem and other domain files", function () {
    const outside: string[] = [];
    for (const file of files) {
      for (const specifier of specifiers(file)) {
        if (specifier.startsWith(".")) {
          const target = resolved(file, specifier);
          if (!target.startsWith("domain" + path.sep) || !files.includes(target))
            outside.push(`${file} -> ${specifier}`);
        } else if (!PACKAGES.has(specifier.split("/")[0])) {
          outside.push(`${file} -> ${specifier}`);
        }
      }
    }
    expect(outside).to.deep.equal([]);
  });

  it("has no import circle", function () {
    const edges = new Map(
      files.map((file) => [
        file,
        specifiers(file)
          .filter((s) => s.startsWith("."))
          .map((s) => resolved(file, s)),
      ]),
    );
    const done = new Set<string>();
    const circles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      const at = trail.indexOf(file);
      if (at >= 0) {
        circles.push([...trail.slice(at), file].join(" -> "));
        return;
      }
      if (done.has(file)) return;
      for (const next of edges.get(file) ?? []) visit(next, [...trail, file]);
      done.add(file);
    };
    for (const file of files) visit(file, []);
    expect(circles).to.deep.equal([]);
  });

  it("bundles for the browser with no Node built-in", async function () {
    this.timeout(60_000);
    const result = await build({
      entryPoints: [path.join(DOMAIN, "index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).to.deep.equal([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(
      inputs.filter((input) => input.startsWith("node:") || !/^(domain|node_modules)\//.test(input)),
    ).to.deep.equal([]);
    expect(inputs.filter((input) => input.startsWith("domain/"))).to.have.members(files);
    expect(result.outputFiles[0].text).to.not.match(/\brequire\(["']node:/);
  });
});

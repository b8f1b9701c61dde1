// The worker's VERSION is a hash of its code: the same sources give the same version, any change to the
// worker or to a script it imports gives a new one, and a source without the placeholder is refused.
import { describe, expect, it } from "vitest";
import { importedScripts, renderWorker, VERSION_PLACEHOLDER, workerVersion } from "@/lib/service-worker/version";

const worker = `importScripts("/sw-logic.js");\nconst VERSION = "${VERSION_PLACEHOLDER}";\nself.addEventListener("push", () => {});\n`;
const logic = "function cacheNames(version) { return version; }\n";

describe("workerVersion", () => {
  it("is a short hex digest, the same for the same sources", () => {
    expect(workerVersion({ worker, imports: [logic] })).toMatch(/^v-[0-9a-f]{16}$/);
    expect(workerVersion({ worker, imports: [logic] })).toBe(
      workerVersion({ worker: `${worker}`, imports: [`${logic}`] }),
    );
  });

  it("changes when the worker, an imported script, or where one ends and the next begins changes", () => {
    const base = workerVersion({ worker, imports: [logic] });
    const variants = [
      workerVersion({ worker: worker.replace("push", "pushsubscriptionchange"), imports: [logic] }),
      workerVersion({ worker, imports: [logic.replace("version;", "version + 1;")] }),
      workerVersion({ worker, imports: [logic, ""] }),
      workerVersion({ worker: worker + logic.slice(0, 5), imports: [logic.slice(5)] }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });
});

describe("renderWorker", () => {
  it("puts the version in place of the placeholder and changes nothing else", () => {
    const { version, script } = renderWorker({ worker, imports: [logic] });
    expect(version).toBe(workerVersion({ worker, imports: [logic] }));
    expect(script).toBe(worker.replace(VERSION_PLACEHOLDER, version));
    expect(script).not.toContain(VERSION_PLACEHOLDER);
  });

  it("refuses a source without the placeholder, or with it twice", () => {
    expect(() => renderWorker({ worker: 'const VERSION = "v1";', imports: [] })).toThrow(/exactly once \(found 0\)/);
    expect(() => renderWorker({ worker: `${worker}// ${VERSION_PLACEHOLDER}`, imports: [] })).toThrow(/found 2/);
  });
});

describe("importedScripts", () => {
  it("lists the root scripts sw.js imports, in order", () => {
    expect(importedScripts(`importScripts("/a.js");\nimportScripts( '/b-2.js' );`)).toEqual(["/a.js", "/b-2.js"]);
    expect(importedScripts("const x = 1;")).toEqual([]);
  });

  it("refuses a script outside the site's root folder", () => {
    expect(() => importedScripts('importScripts("/../lib/x.js");')).toThrow(/only scripts at the site's root/);
    expect(() => importedScripts('importScripts("https://cdn.example/x.js");')).toThrow(/only scripts/);
  });
});

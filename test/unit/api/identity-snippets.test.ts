// The signing snippets the API reference shows, run for real: the Node one always, Python and PHP when
// the machine has them. Each must give the server's own signature of the published vector.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IDENTITY_SNIPPETS, IDENTITY_VECTOR } from "@/lib/api/identity-snippets";
import { identitySignature } from "@/lib/identity/signature";

const dir = mkdtempSync(path.join(tmpdir(), "pushboard-snippets-"));
const env = { ...process.env, PUSHBOARD_IDENTITY_SECRET: IDENTITY_VECTOR.secret };

function snippet(language: string): string {
  const found = IDENTITY_SNIPPETS.find((s) => s.language === language);
  if (!found) throw new Error(`no ${language} snippet`);
  return found.code;
}

const has = (command: string) => spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;

describe("identity signing snippets", () => {
  it("publish the vector the server computes", () => {
    expect(identitySignature(IDENTITY_VECTOR.secret, IDENTITY_VECTOR.externalId)).toBe(IDENTITY_VECTOR.signature);
  });

  it("Node.js: the snippet as shown gives the vector", () => {
    const file = path.join(dir, "sign.mjs");
    writeFileSync(
      file,
      `${snippet("Node.js")}\nconsole.log(pushboardUserSignature(${JSON.stringify(IDENTITY_VECTOR.externalId)}));\n`,
    );
    expect(execFileSync(process.execPath, [file], { env, encoding: "utf8" }).trim()).toBe(IDENTITY_VECTOR.signature);
  });

  it.skipIf(!has("python3"))("Python: the snippet as shown gives the vector", () => {
    const file = path.join(dir, "sign.py");
    writeFileSync(
      file,
      `${snippet("Python")}\n\nprint(pushboard_user_signature(${JSON.stringify(IDENTITY_VECTOR.externalId)}))\n`,
    );
    expect(execFileSync("python3", [file], { env, encoding: "utf8" }).trim()).toBe(IDENTITY_VECTOR.signature);
  });

  it.skipIf(!has("php"))("PHP: the snippet as shown gives the vector", () => {
    const file = path.join(dir, "sign.php");
    writeFileSync(
      file,
      `<?php\n${snippet("PHP")}\necho pushboard_user_signature(${JSON.stringify(IDENTITY_VECTOR.externalId)});\n`,
    );
    expect(execFileSync("php", [file], { env, encoding: "utf8" }).trim()).toBe(IDENTITY_VECTOR.signature);
  });
});

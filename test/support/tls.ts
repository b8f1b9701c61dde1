// A self-signed certificate for the local test push services: web-push only speaks https, so they
// must too. The app server trusts it through NODE_EXTRA_CA_CERTS (joined with any file already set).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export type TestTls = { key: Buffer; cert: Buffer; certPath: string; caBundlePath: string };

export function ensureTestTls(dir = path.join(process.cwd(), "test/.artifacts/tls")): TestTls {
  mkdirSync(dir, { recursive: true });
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  const caBundlePath = path.join(dir, "ca-bundle.pem");
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        "3650",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
  }
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  const extra = existing && existing !== caBundlePath && existsSync(existing) ? readFileSync(existing, "utf8") : "";
  // Written aside and renamed: parallel test runs rewrite this file while app servers start reading it.
  const tmpPath = `${caBundlePath}.${process.pid}.tmp`;
  writeFileSync(tmpPath, `${extra}\n${readFileSync(certPath, "utf8")}`);
  renameSync(tmpPath, caBundlePath);
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath, caBundlePath };
}

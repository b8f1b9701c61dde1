"use client";
// A code block with a copy button: curl commands and signing snippets are meant to be pasted.
import { useState } from "react";

export function CopyCode({ code, label }: { code: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="relative">
      <pre className="surface-muted overflow-x-auto rounded-md border border-subtle p-3 pr-20 font-mono text-xs leading-relaxed">
        <code>{code}</code>
      </pre>
      <button
        type="button"
        className="surface absolute top-2 right-2 rounded border border-subtle px-2 py-1 text-xs font-medium"
        aria-label={`Copy ${label}`}
        onClick={async () => {
          await navigator.clipboard?.writeText(code).catch(() => undefined);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

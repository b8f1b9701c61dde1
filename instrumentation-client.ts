// Runs in the browser before any page module. zod compiles object parsers with `new Function` when eval
// is allowed, and probes for it once; our CSP forbids eval, and the browser reports even that caught
// probe as a violation. Interpreted parsing is what zod falls back to anyway.
import { z } from "zod";

z.config({ jitless: true });

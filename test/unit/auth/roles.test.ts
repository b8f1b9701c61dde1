import { describe, expect, it } from "vitest";
import { hasRole, roleBelow, USER_ROLES } from "@/lib/auth/roles";

describe("role ranking", () => {
  it("orders owner > editor > viewer", () => {
    const table = USER_ROLES.flatMap((actual) =>
      USER_ROLES.map((required) => `${actual}>=${required}:${hasRole(actual, required)}`),
    );
    expect(table).toEqual([
      "owner>=owner:true",
      "owner>=editor:true",
      "owner>=viewer:true",
      "editor>=owner:false",
      "editor>=editor:true",
      "editor>=viewer:true",
      "viewer>=owner:false",
      "viewer>=editor:false",
      "viewer>=viewer:true",
    ]);
  });

  it("names the role just below", () => {
    expect(roleBelow("owner")).toBe("editor");
    expect(roleBelow("editor")).toBe("viewer");
    expect(roleBelow("viewer")).toBeNull();
  });
});

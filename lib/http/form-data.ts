// What a public server action answers when its arguments are not the form it expects. Next lets any
// client call an action with arguments of its choosing, so the form is checked before it is read.
export const UNREADABLE_FORM = { ok: false as const, message: "This form could not be read. Reload the page and try again." };

export type SetupState = {
  ok: false;
  message: string;
  fieldErrors?: { email?: string[]; name?: string[]; password?: string[]; confirmPassword?: string[] };
  values?: { email?: string; name?: string };
} | null;

export const TEMPORARY_PASSWORD_HINT =
  'At least 12 characters. Tell it to the person privately; Zahanati asks them to choose their own when they first sign in.';

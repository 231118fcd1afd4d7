import { en } from './en';
import { sw } from './sw';

/** The shape every language must fill: English's keys, any text. A missing or extra key fails typecheck. */
export type Translation = Widen<typeof en>;
type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const resources = {
  en: { translation: en },
  sw: { translation: sw },
} as const;

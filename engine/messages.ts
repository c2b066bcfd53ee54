/** Every message a person may read exists in French (first) and English. */
export interface LocalizedMessage {
  fr: string;
  en: string;
}

export function message(fr: string, en: string): LocalizedMessage {
  return { fr, en };
}

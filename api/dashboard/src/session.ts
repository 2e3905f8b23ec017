/**
 * The API key lives in sessionStorage only (gone when the tab closes, never in a URL, cookie or log); localStorage
 * holds nothing but the last project id.
 */
const KEY = 'audit.apiKey';
const PROJECT = 'audit.project';

export const KEY_PATTERN = /^kr_live_[A-Za-z0-9]{32,128}$/;
export const PROJECT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,99}$/;

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  setKey: (value: string): void => sessionStorage.setItem(KEY, value),
  signOut: (): void => sessionStorage.removeItem(KEY),
  project: (): string => localStorage.getItem(PROJECT) ?? '',
  setProject: (value: string): void => localStorage.setItem(PROJECT, value),
};

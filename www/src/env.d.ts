/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_COMETCHAT_APP_ID?: string;
  readonly VITE_COMETCHAT_CLIENT_HOST?: string;
}

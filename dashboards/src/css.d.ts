// Stylesheets imported by pages are bundled by esbuild into app.css / public.css.
declare module '*.css';

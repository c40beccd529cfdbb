// The UI library, imported from one place so that its pinned version is
// named once: Preact with htm tagged templates (no build step).
export {
  h, html, render, Component, createContext,
  useState, useReducer, useEffect, useLayoutEffect, useRef, useMemo, useCallback, useContext,
} from '/vendor/htm-3.1.1/standalone.module.js';

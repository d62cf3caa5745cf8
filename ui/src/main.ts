// The explorer's entry point: wires the one state value (store.ts), the
// actions that change it (actions.ts), the views that draw it (views.ts,
// panels/, and the canvas through canvas.ts) and the keyboard. Application
// state is exposed on window.quiver for the end-to-end tests, which assert
// on it and on ARIA roles.

import "./styles.css";
import { Actions } from "./actions";
import { AddressBar } from "./address-bar";
import { Api } from "./api";
import { Canvas } from "./canvas";
import { ConsoleEditor } from "./console-editor";
import { $ } from "./dom";
import { EXPAND_LIMIT } from "./graph-model";
import { onKey } from "./keyboard";
import { ResultGraphView } from "./panels/result-graph-view";
import { mountSearch } from "./panels/search";
import { INITIAL_STATE } from "./state";
import { Store, initialSession } from "./store";
import { installTestHook } from "./test-hook";
import { Views } from "./views";

const theme = matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
const store = new Store(initialSession({ ...INITIAL_STATE, theme }));
const api = new Api(new URL(".", location.href).pathname);
const canvas = new Canvas($("#canvas"), store);
const address = new AddressBar(store, () => canvas.positions());
const editor = new ConsoleEditor({
  run: () => void actions.console.runQuery(),
  changed: (text) => actions.console.queryEdited(text),
  text: () => store.state.app.query,
  theme: () => store.state.app.theme,
  mounted: () => store.redraw("status"),
});
const actions = new Actions(store, api, canvas, editor, address);
const resultView = new ResultGraphView(store, actions);
const views = new Views(store, actions, canvas, editor, address, resultView);
store.subscribe((what) => views.draw(what));
installTestHook({ store, canvas, editor, resultView, address });

mountSearch(actions);
document.addEventListener("keydown", (ev) => onKey(ev, store, actions));
canvas.start({
  clickNode: (id) => actions.selectNode(id),
  clickEdge: (id) => actions.selectEdge(id),
  clickStage: () => actions.clickStage(),
  doubleClickNode: (id) => void actions.expandTop(id, EXPAND_LIMIT),
  camera: (c) => actions.cameraMoved(c),
  settled: () => address.schedule(),
  dropped: (id) => actions.togglePin(id, true),
});
store.redraw();
if (location.hash) void actions.share.restore(location.hash);
else void actions.loadTimeline(); // the time bar's histogram
window.addEventListener("hashchange", () => {
  if (!store.state.ui.restoring && location.hash.startsWith("#s=")) void actions.share.restore(location.hash);
});

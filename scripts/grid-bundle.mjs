// The grid of the web forms: Tabulator's core with only the modules the forms use (53 kB brotli-compressed;
// the full build is 102 kB gzip-compressed). Sorting is left out: a form's rows keep their order.
// Bundled by `npm run build` (scripts/setup.sh) into templates/web/static/vendor/tabulator.js.
import {
  ClipboardModule,
  EditModule,
  FilterModule,
  FormatModule,
  FrozenColumnsModule,
  HistoryModule,
  InteractionModule,
  KeybindingsModule,
  ResizeColumnsModule,
  SelectRangeModule,
  Tabulator,
  TooltipModule,
} from "tabulator-tables";

Tabulator.registerModule([
  ClipboardModule,
  EditModule,
  FilterModule,
  FormatModule,
  FrozenColumnsModule,
  HistoryModule,
  InteractionModule,
  KeybindingsModule,
  ResizeColumnsModule,
  SelectRangeModule,
  TooltipModule,
]);
window.Tabulator = Tabulator;

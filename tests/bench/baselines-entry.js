// baselines-entry.js - the two benchmark baselines and the Facade, bundled for the bench page as
// the global `Baselines` (by web/build.mjs into build/web/bench-baselines.js).
import { Track, Page, Identify } from '@segment/facade';
import { ClassicPiwik } from './classic-baseline.js';
import { plainTranslator } from './plain-js-baseline.js';

window.Baselines = { ClassicPiwik, Track, Page, Identify, plainTranslator };

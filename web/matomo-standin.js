/*
 * STAND-IN for Matomo's tracker script (matomo.js). Written here, not Matomo's code: no package
 * ships the real file, so the local collector (web/collector.mjs) serves this one by default and
 * serves the real one instead when started with MATOMO_JS=/path/to/matomo.js.
 *
 * It keeps the documented `_paq` contract (../shared/docs/matomo-tracker.md) for every command
 * the destination emits and a few neighbours:
 * - `_paq` read as a bare global; an empty `_paq` at start-up creates no tracker and every later
 *   push is dropped with a console error;
 * - "apply first" methods run first, in the tracker's fixed order, then the rest in push order,
 *   then `_paq` is replaced by an object whose push() runs each command at once;
 * - an unknown method name throws (inside start-up it stops the queue for good);
 * - hits go by navigator.sendBeacon as a POST to `<trackerUrl>?<params>` with an empty body (over
 *   2,000 characters, or after setRequestMethod('POST'), in a urlencoded body; after
 *   disableAlwaysUseSendBeacon or setRequestMethod('GET'), as image GETs with send_image=1);
 * - hits within 800 ms of the first one wait until then, 50 ms more for each;
 * - every hit carries idsite, rec, r, h/m/s, url, urlref?, uid?, _id, _idn, send_image, pv_id and
 *   the page/visit/event custom variables (cvar/_cvar/e_cvar, names and values cut to 200
 *   characters), which persist until deleted.
 * Not imitated: link and download click tracking (enableLinkTracking is accepted and does
 * nothing), cookies, heartbeat, consent, ecommerce, content tracking.
 */
(function () {
  'use strict';
  if (typeof window.Matomo === 'object') return; // loaded twice: the first copy runs

  var APPLY_FIRST = ['addTracker', 'enableFileTracking', 'forgetCookieConsentGiven', 'requireCookieConsent',
    'disableBrowserFeatureDetection', 'disableCampaignParameters', 'disableCookies', 'setTrackerUrl', 'setAPIUrl',
    'enableCrossDomainLinking', 'setCrossDomainLinkingTimeout', 'setSessionCookieTimeout', 'setVisitorCookieTimeout',
    'setCookieNamePrefix', 'setCookieSameSite', 'setSecureCookie', 'setCookiePath', 'setCookieDomain', 'setDomains',
    'setUserId', 'setVisitorId', 'setSiteId', 'alwaysUseSendBeacon', 'disableAlwaysUseSendBeacon', 'enableLinkTracking',
    'setCookieConsentGiven', 'requireConsent', 'setConsentGiven', 'disablePerformanceTracking',
    'setPagePerformanceTiming', 'setExcludedQueryParams', 'setExcludedReferrers'];

  function randomHex(length) {
    var text = '';
    while (text.length < length) text += Math.floor(Math.random() * 16).toString(16);
    return text;
  }

  function Tracker() {
    var trackerUrl = '';
    var siteId = '';
    var userId = '';
    var visitorId = randomHex(16);
    var pageViewId = randomHex(6);
    var customUrl = null;
    var documentTitle = null;
    var referrerUrl = null;
    var useBeacon = true;
    var requestMethod = 'GET';
    var customVariables = { page: null, visit: null, event: null };
    var nextImmediate = false; // the 800 ms gap after the first hit
    var self = this;

    function scopeOf(scope) {
      if (scope === 'page' || scope === 3 || scope === '3') return 'page';
      if (scope === 'event') return 'event';
      if (scope === undefined || scope === 'visit' || scope === 2 || scope === '2') return 'visit';
      return null;
    }

    function deliver(query) {
      var url = trackerUrl || window.location.href.split('#')[0];
      var post = requestMethod === 'POST' || query.length > 2000;
      if (useBeacon && navigator.sendBeacon) {
        var sent = post
          ? navigator.sendBeacon(url, new Blob([query], { type: 'application/x-www-form-urlencoded; charset=UTF-8' }))
          : navigator.sendBeacon(url + (url.indexOf('?') < 0 ? '?' : '&') + query, '');
        if (sent) return;
      }
      if (post) {
        var xhr = new XMLHttpRequest();
        xhr.open('POST', url, true);
        xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8');
        xhr.send(query);
      } else {
        new Image(1, 1).src = url + (url.indexOf('?') < 0 ? '?' : '&') + query.replace('send_image=0', 'send_image=1');
      }
    }

    function send(request) {
      var now = new Date();
      var query = 'idsite=' + siteId + '&rec=1&r=' + String(Math.random()).slice(2, 8) +
        '&h=' + now.getHours() + '&m=' + now.getMinutes() + '&s=' + now.getSeconds() +
        '&url=' + encodeURIComponent(customUrl || window.location.href) +
        ((referrerUrl !== null ? referrerUrl : document.referrer) ? '&urlref=' + encodeURIComponent(referrerUrl !== null ? referrerUrl : document.referrer) : '') +
        (userId ? '&uid=' + encodeURIComponent(userId) : '') +
        '&_id=' + visitorId + '&_idn=0&send_image=' + (useBeacon ? '0' : '1') + '&pv_id=' + pageViewId +
        (customVariables.page ? '&cvar=' + encodeURIComponent(JSON.stringify(customVariables.page)) : '') +
        (customVariables.visit ? '&_cvar=' + encodeURIComponent(JSON.stringify(customVariables.visit)) : '') +
        (customVariables.event ? '&e_cvar=' + encodeURIComponent(JSON.stringify(customVariables.event)) : '') +
        '&' + request;
      var time = now.getTime();
      if (nextImmediate && time < nextImmediate) {
        setTimeout(function () { deliver(query); }, nextImmediate - time);
        nextImmediate += 50;
        return;
      }
      if (nextImmediate === false) nextImmediate = time + 800;
      deliver(query);
    }

    var methods = {
      setTrackerUrl: function (url) { trackerUrl = String(url); },
      setSiteId: function (id) { siteId = id; },
      setUserId: function (id) { if ((typeof id === 'number' || typeof id === 'string') && String(id).length) userId = String(id); },
      resetUserId: function () { userId = ''; },
      getUserId: function () { return userId; },
      setCustomUrl: function (url) { customUrl = url; },
      setDocumentTitle: function (title) { documentTitle = title; },
      setReferrerUrl: function (url) { referrerUrl = url; },
      enableLinkTracking: function () {},
      disableAlwaysUseSendBeacon: function () { useBeacon = false; },
      alwaysUseSendBeacon: function () { useBeacon = true; },
      setRequestMethod: function (method) { requestMethod = String(method).toUpperCase(); if (requestMethod === 'GET') useBeacon = false; },
      setCustomVariable: function (index, name, value, scope) {
        var which = scopeOf(scope);
        if (!which || !(Number(index) > 0) || typeof name !== 'string') return;
        customVariables[which] = customVariables[which] || {};
        customVariables[which][index] = [name.slice(0, 200), String(value === undefined ? '' : value).slice(0, 200)];
      },
      deleteCustomVariable: function (index, scope) {
        var which = scopeOf(scope);
        if (which && customVariables[which]) delete customVariables[which][index];
      },
      deleteCustomVariables: function (scope) {
        var which = scopeOf(scope);
        if (which) customVariables[which] = null;
      },
      trackPageView: function (title) {
        pageViewId = randomHex(6);
        var name = title !== undefined ? title : (documentTitle !== null ? documentTitle : document.title);
        send('action_name=' + encodeURIComponent(name));
      },
      trackEvent: function (category, action, name, value) {
        if (!category || !action || String(category).length === 0 || String(action).length === 0) {
          console.error('Error while logging event: Parameters `category` and `action` must not be empty or filled with whitespaces');
          return;
        }
        send('e_c=' + encodeURIComponent(category) + '&e_a=' + encodeURIComponent(action) +
          (name !== undefined ? '&e_n=' + encodeURIComponent(name) : '') +
          (value !== undefined ? '&e_v=' + encodeURIComponent(value) : '') + '&ca=1');
      },
      trackGoal: function (goalId, revenue) {
        send('idgoal=' + goalId + (revenue ? '&revenue=' + revenue : ''));
      },
      trackSiteSearch: function (keyword, category, count) {
        send('search=' + encodeURIComponent(keyword) + (category ? '&search_cat=' + encodeURIComponent(category) : '') +
          (count !== undefined ? '&search_count=' + count : ''));
      },
      ping: function () { send('ping=1'); },
    };

    self.apply = function (command) {
      var name = command[0];
      if (typeof name === 'function') return name.apply(self, command.slice(1));
      if (!Object.prototype.hasOwnProperty.call(methods, name)) {
        throw new TypeError('The method \'' + name + '\' was not found in "_paq" variable.  Please have a look at the Matomo tracker documentation: https://developer.matomo.org/api-reference/tracking-javascript');
      }
      return methods[name].apply(self, command.slice(1));
    };
  }

  var queue = window._paq;
  window.Matomo = window.Piwik = { standIn: true };
  if (!queue || !queue.length) {
    console.error('_paq is empty: no tracker was created (push setTrackerUrl and setSiteId before loading matomo.js).');
    window._paq = { push: function () { console.error('No Matomo tracker was created: this command is dropped.'); } };
    return;
  }
  var tracker = new Tracker();
  var rest = queue.slice();
  for (var i = 0; i < APPLY_FIRST.length; i++) {
    for (var j = 0; j < rest.length; j++) {
      if (rest[j] && rest[j][0] === APPLY_FIRST[i]) {
        tracker.apply(rest[j]);
        rest[j] = null;
      }
    }
  }
  for (var n = 0; n < rest.length; n++) if (rest[n]) tracker.apply(rest[n]);
  window._paq = {
    push: function () {
      for (var k = 0; k < arguments.length; k++) tracker.apply(arguments[k]);
      return 0;
    },
  };
})();

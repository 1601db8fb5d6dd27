/*
 * STAND-IN for Matomo's tracker script (matomo.js). Written here, not Matomo's code: no package
 * ships the real file, so the local collector (web/collector.mjs) serves this one by default and
 * serves the real one instead when started with MATOMO_JS=/path/to/matomo.js.
 *
 * It keeps the documented `_paq` contract (../shared/docs/matomo-tracker.md) for every command
 * the destination emits and a few neighbours, as the real file (5.x) does:
 * - `_paq` read as a bare global; an empty `_paq` at start-up creates no tracker (silently) and
 *   every later push is dropped with a console error;
 * - "apply first" methods run first, in the tracker's fixed order (a console error when one is
 *   queued twice), then the rest in push order, reading the live array, so a command pushed by a
 *   queued function during start-up runs too; then `_paq` is replaced by an object whose push()
 *   runs each command at once. The first element is taken off each command array (shift), as the
 *   real one does;
 * - a command whose first element is a function calls it with `this` = the tracker and the rest
 *   as arguments, in queue order; the tracker has every method below as its own property, and
 *   Matomo.getAsyncTracker() / getAsyncTrackers() return it (when there is none, they create
 *   none: the real getAsyncTracker would);
 * - an unknown method name throws (inside start-up it stops the queue for good). Every method
 *   not named in this comment (addTracker included) is unknown to the stand-in and throws too,
 *   though the real tracker has it;
 * - hits go by navigator.sendBeacon as a POST to `<trackerUrl>?<params>` with an empty body (over
 *   2,000 characters, or after setRequestMethod('POST'), in a urlencoded body; after
 *   disableAlwaysUseSendBeacon or setRequestMethod('GET'), as image GETs with send_image=1);
 * - hits within 800 ms of the first one wait until then, 50 ms more for each;
 * - every hit carries idsite, rec, r, h/m/s, url, urlref?, uid?, _id, _idn, send_image, pv_id?
 *   and the page/visit/event custom variables (cvar/_cvar/e_cvar; scope 'page'/3, 'event' or
 *   'visit'/2, the default; names and values cut to 200 characters), which persist until
 *   deleteCustomVariables(scope); deleteCustomVariable(index, scope) leaves ["",""] in the slot,
 *   sent on with page and event variables, once more with a visit one;
 * - url, urlref and the default title are read once, when the tracker is created (url and
 *   referrer URI-decoded); setCustomUrl (relative URLs resolved as the real one does: '/path'
 *   keeps scheme and host but drops the port), setReferrerUrl ('' sends no urlref) and
 *   setDocumentTitle replace them for every later hit. trackPageView(title?, customData?) sends
 *   `title || documentTitle` as action_name (a non-string falls back to the <title> element);
 * - pv_id: none before the first trackPageView, a new one (6 letters/digits) at each;
 * - setUserId (number or non-empty string) / resetUserId (clears uid only) / getUserId;
 * - setCustomDimension(id, value) (id parsed with parseInt, must be > 0; value as text, undefined
 *   as '') sends dimension<id> on every later hit until deleteCustomDimension(id);
 * - customData, the last argument of trackPageView, trackEvent, trackGoal and trackSiteSearch:
 *   keys matching /^dimension\d+$/ go as dimensionN on that hit only and are deleted from the
 *   object passed; a per-hit dimensionN replaces the setCustomDimension one with the same N (the
 *   same text: 'dimension01' does not replace dimension 1); the other keys go as data=<JSON>,
 *   else the setCustomData object, if any;
 * - appendToTrackingUrl(query) appends '&' + query to every later hit (after every other
 *   parameter, so its values win) until replaced; '' stops it;
 * - trackEvent checks category and action as the real one does: a number or a non-empty string;
 * - trackSiteSearch(keyword, category?, count?) sends search, search_cat (when category is truthy;
 *   an array goes as its String(), 'a,b') and search_count (when defined);
 * - ecommerce: setEcommerceView(sku?, name?, category?, price?) sends nothing itself and replaces
 *   what every later hit (page views, events, goals, ecommerce, pings...) carries until the next
 *   one: always _pkc (category as text, an array as JSON, ''/undefined/null/false/[] as ''), _pkp
 *   when price is not ''/undefined/null/false (as given), and, when sku or name is a number or a
 *   non-empty string, _pks (sku, if so) and _pkn (name, else ''). addEcommerceItem stores
 *   [String(sku), name, category, price, quantity] as given, keyed by sku (a number or non-empty
 *   string, else ignored): adding a sku again replaces the item in its place; removeEcommerceItem,
 *   clearEcommerceCart, getEcommerceItems (a JSON copy). trackEcommerceCartUpdate(total) (ignored
 *   when undefined) sends idgoal=0&revenue&ec_items and keeps the cart; trackEcommerceOrder(id,
 *   total, sub?, tax?, ship?, disc?) (ignored when String(id) is '' or total undefined) sends
 *   idgoal=0&ec_id&revenue&ec_st&ec_tx&ec_sh&ec_dt&ec_items, then empties the cart. Amounts go as
 *   given: not rounded or formatted, not URL-encoded; one that is '' is left out, an undefined one
 *   goes as the text "undefined" (so does an undefined order id). ec_items is the JSON of the cart's
 *   items in the object's key order (integer-like skus first), with name/category undefined
 *   written as '', price undefined or '' as 0, quantity undefined or '' as 1 (into the stored items
 *   too); an empty cart sends "[]". These hits take the setCustomData object as their data;
 * - also setTrackerUrl, setSiteId, alwaysUseSendBeacon, ping (ping=1), and the getters
 *   getTrackerUrl, getSiteId, getCurrentUrl, getCustomDimension, getCustomVariable, getCustomData.
 * Not imitated: link and download click tracking (enableLinkTracking is accepted and does
 * nothing), cookies, heartbeat, consent, content tracking, referrer attribution
 * (_ref, _refts, campaigns), excluded query parameters and referrers, ignore_referrer, the
 * callbacks of track*, browser features (res, cookie, pdf...), uadata, performance timing,
 * several trackers.
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
  var hasOwn = Object.prototype.hasOwnProperty;

  function randomHex(length) {
    var text = '';
    while (text.length < length) text += Math.floor(Math.random() * 16).toString(16);
    return text;
  }

  function newPageViewId() {
    var letters = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    var text = '';
    while (text.length < 6) text += letters.charAt(Math.floor(Math.random() * letters.length));
    return text;
  }

  function isString(value) { return typeof value === 'string' || value instanceof String; }
  function isNumber(value) { return typeof value === 'number' || value instanceof Number; }
  // A number or a non-empty string: what the tracker accepts as a user id, event category, action.
  function isIdentifier(value) { return value !== undefined && (isNumber(value) || (isString(value) && value.length > 0)); }

  function isEmpty(object) {
    if (!object) return true;
    for (var key in object) if (hasOwn.call(object, key)) return false;
    return true;
  }

  function safeDecode(text) {
    try { return decodeURIComponent(text); } catch (error) { return unescape(text); }
  }

  function topReferrer() {
    var referrer = '';
    try {
      referrer = window.top.document.referrer;
    } catch (error) {
      if (window.parent) {
        try { referrer = window.parent.document.referrer; } catch (error2) { referrer = ''; }
      }
    }
    return referrer === '' ? document.referrer : referrer;
  }

  function schemeOf(url) {
    var match = /^([a-z]+):/.exec(url);
    return match ? match[1] : null;
  }

  function hostOf(url) {
    var match = /^(?:(?:https?|ftp):)\/*(?:[^@]+@)?([^:\/#]+)/.exec(url);
    return match ? match[1] : url;
  }

  // setCustomUrl's resolution of `url` against the page URL `base`, as the real tracker does it.
  function resolveUrl(base, url) {
    if (schemeOf(url)) return url;
    if (url.slice(0, 1) === '/') return schemeOf(base) + '://' + hostOf(base) + url;
    var index = base.indexOf('?');
    if (index >= 0) base = base.slice(0, index);
    index = base.lastIndexOf('/');
    if (index !== base.length - 1) base = base.slice(0, index + 1);
    return base + url;
  }

  // action_name: a title with a `text` property gives that; a non-string gives the <title> text.
  function titleText(title) {
    title = title && title.text ? title.text : title;
    if (!isString(title)) {
      var elements = document.getElementsByTagName('title');
      if (elements && elements[0] !== undefined) title = elements[0].text;
    }
    return title;
  }

  function jsonParam(name, object) {
    var text = JSON.stringify(object);
    return object && text.length > 2 ? '&' + name + '=' + encodeURIComponent(text) : '';
  }

  function Tracker() {
    var trackerUrl = '';
    var siteId = '';
    var userId = '';
    var visitorId = randomHex(16);
    var pageViewId = ''; // none until the first trackPageView
    var locationUrl = safeDecode(window.location.href);
    var customUrl = '';
    var referrerUrl = safeDecode(topReferrer());
    var documentTitle = '';
    try { documentTitle = document.title; } catch (error) { documentTitle = ''; }
    var useBeacon = true;
    var requestMethod = 'GET';
    var customVariables = { page: {}, visit: {}, event: {} };
    var customDimensions = {};
    var customData; // setCustomData
    var appendedQuery = '';
    var ecommerceView = {}; // setEcommerceView: _pkc, _pkp?, _pks?, _pkn? on every later hit
    var cart = {}; // addEcommerceItem: sku -> [sku, name, category, price, quantity]
    var nextImmediate = false; // the 800 ms gap after the first hit
    var self = this;

    function scopeOf(scope) {
      if (scope === 'visit' || scope === 2) return 'visit';
      if (scope === 'page' || scope === 3) return 'page';
      if (scope === 'event') return 'event';
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

    // The parameters in the real tracker's order: the command's own first, the appended query last.
    function send(request, hitData) {
      var now = new Date();
      var query = request + '&idsite=' + siteId + '&rec=1&r=' + String(Math.random()).slice(2, 8) +
        '&h=' + now.getHours() + '&m=' + now.getMinutes() + '&s=' + now.getSeconds() +
        '&url=' + encodeURIComponent(customUrl || locationUrl) +
        (referrerUrl.length ? '&urlref=' + encodeURIComponent(referrerUrl) : '') +
        (isIdentifier(userId) ? '&uid=' + encodeURIComponent(userId) : '') +
        '&_id=' + visitorId + '&_idn=0&send_image=' + (useBeacon ? '0' : '1');
      var hitDimensions = [];
      var key;
      if (hitData) {
        for (key in hitData) {
          if (hasOwn.call(hitData, key) && /^dimension\d+$/.test(key)) {
            hitDimensions.push(key.replace('dimension', ''));
            query += '&' + key + '=' + encodeURIComponent(hitData[key]);
            try { delete hitData[key]; } catch (error) {} // the real tracker is not strict code
          }
        }
      }
      if (hitData && isEmpty(hitData)) hitData = null;
      for (key in ecommerceView) {
        if (hasOwn.call(ecommerceView, key)) query += '&' + key + '=' + encodeURIComponent(ecommerceView[key]);
      }
      for (key in customDimensions) {
        if (hasOwn.call(customDimensions, key) && hitDimensions.indexOf(key) < 0) {
          query += '&dimension' + key + '=' + encodeURIComponent(customDimensions[key]);
        }
      }
      if (hitData) query += '&data=' + encodeURIComponent(JSON.stringify(hitData));
      else if (customData) query += '&data=' + encodeURIComponent(JSON.stringify(customData));
      query += jsonParam('cvar', customVariables.page) + jsonParam('e_cvar', customVariables.event) +
        jsonParam('_cvar', customVariables.visit);
      for (key in customVariables.visit) { // a deleted (emptied) visit variable goes once more, then not
        if (hasOwn.call(customVariables.visit, key) && (customVariables.visit[key][0] === '' || customVariables.visit[key][1] === '')) {
          delete customVariables.visit[key];
        }
      }
      if (pageViewId) query += '&pv_id=' + pageViewId;
      if (appendedQuery.length) query += '&' + appendedQuery;
      var time = now.getTime();
      if (nextImmediate && time < nextImmediate) {
        setTimeout(function () { deliver(query); }, nextImmediate - time);
        nextImmediate += 50;
        return;
      }
      if (nextImmediate === false) nextImmediate = time + 800;
      deliver(query);
    }

    self.setTrackerUrl = function (url) { trackerUrl = String(url); };
    self.getTrackerUrl = function () { return trackerUrl; };
    self.setSiteId = function (id) { siteId = id; };
    self.getSiteId = function () { return siteId; };
    self.setUserId = function (id) { if (isIdentifier(id)) userId = id; };
    self.resetUserId = function () { userId = ''; };
    self.getUserId = function () { return userId; };
    self.setCustomUrl = function (url) { customUrl = resolveUrl(locationUrl, url); };
    self.getCurrentUrl = function () { return customUrl || locationUrl; };
    self.setDocumentTitle = function (title) { documentTitle = title; };
    self.setReferrerUrl = function (url) { referrerUrl = url; };
    self.appendToTrackingUrl = function (queryString) { appendedQuery = queryString; };
    self.enableLinkTracking = function () {};
    self.disableAlwaysUseSendBeacon = function () { useBeacon = false; };
    self.alwaysUseSendBeacon = function () { useBeacon = true; };
    self.setRequestMethod = function (method) { requestMethod = String(method).toUpperCase(); if (requestMethod === 'GET') useBeacon = false; };
    self.setCustomDimension = function (id, value) {
      id = parseInt(id, 10);
      if (!(id > 0)) return;
      if (value === undefined) value = '';
      customDimensions[id] = isString(value) ? value : String(value);
    };
    self.getCustomDimension = function (id) {
      id = parseInt(id, 10);
      if (id > 0 && hasOwn.call(customDimensions, id)) return customDimensions[id];
    };
    self.deleteCustomDimension = function (id) {
      id = parseInt(id, 10);
      if (id > 0) delete customDimensions[id];
    };
    self.setCustomData = function (keyOrObject, value) {
      if (typeof keyOrObject === 'object') {
        customData = keyOrObject;
      } else {
        customData = customData || {};
        customData[keyOrObject] = value;
      }
    };
    self.getCustomData = function () { return customData; };
    self.setCustomVariable = function (index, name, value, scope) {
      if (scope === undefined) scope = 'visit';
      if (name === undefined) return;
      if (value === undefined) value = '';
      var which = scopeOf(scope);
      if (!(index > 0) || !which) return;
      customVariables[which][index] = [(isString(name) ? name : String(name)).slice(0, 200),
        (isString(value) ? value : String(value)).slice(0, 200)];
    };
    self.getCustomVariable = function (index, scope) {
      var which = scopeOf(scope === undefined ? 'visit' : scope);
      var variable = which ? customVariables[which][index] : undefined;
      return variable === undefined || (variable && variable[0] === '') ? false : variable;
    };
    // The real tracker empties the slot: ["",""] goes on with page and event variables.
    self.deleteCustomVariable = function (index, scope) {
      if (self.getCustomVariable(index, scope)) self.setCustomVariable(index, '', '', scope);
    };
    self.deleteCustomVariables = function (scope) {
      var which = scopeOf(scope);
      if (which) customVariables[which] = {};
    };
    self.trackPageView = function (title, hitData) {
      pageViewId = newPageViewId();
      send('action_name=' + encodeURIComponent(titleText(title || documentTitle)), hitData);
    };
    self.trackEvent = function (category, action, name, value, hitData) {
      if (!isIdentifier(category) || !isIdentifier(action)) {
        console.error('Error while logging event: Parameters `category` and `action` must not be empty or filled with whitespaces');
        return false;
      }
      send('e_c=' + encodeURIComponent(category) + '&e_a=' + encodeURIComponent(action) +
        (name !== undefined ? '&e_n=' + encodeURIComponent(name) : '') +
        (value !== undefined ? '&e_v=' + encodeURIComponent(value) : '') + '&ca=1', hitData);
    };
    self.trackGoal = function (goalId, revenue, hitData) {
      send('idgoal=' + goalId + (revenue ? '&revenue=' + revenue : ''), hitData);
    };
    self.trackSiteSearch = function (keyword, category, count, hitData) {
      send('search=' + encodeURIComponent(keyword) + (category ? '&search_cat=' + encodeURIComponent(category) : '') +
        (count !== undefined ? '&search_count=' + count : ''), hitData);
    };
    self.ping = function () { send('ping=1'); };

    // Ecommerce, as the real tracker's setEcommerceView, addEcommerceItem and its logEcommerce do it.
    self.setEcommerceView = function (sku, name, category, price) {
      ecommerceView = {};
      if (isIdentifier(category)) category = String(category);
      if (category === undefined || category === null || category === false || !category.length) category = '';
      else if (category instanceof Array) category = JSON.stringify(category);
      ecommerceView._pkc = category;
      if (price !== undefined && price !== null && price !== false && String(price).length) ecommerceView._pkp = price;
      if (!isIdentifier(sku) && !isIdentifier(name)) return;
      if (isIdentifier(sku)) ecommerceView._pks = sku;
      ecommerceView._pkn = isIdentifier(name) ? name : '';
    };
    self.getEcommerceItems = function () { return JSON.parse(JSON.stringify(cart)); };
    self.addEcommerceItem = function (sku, name, category, price, quantity) {
      if (isIdentifier(sku)) cart[sku] = [String(sku), name, category, price, quantity];
    };
    self.removeEcommerceItem = function (sku) {
      if (isIdentifier(sku)) delete cart[String(sku)];
    };
    self.clearEcommerceCart = function () { cart = {}; };
    // Amounts go as given (not encoded, not formatted); one that is '' is left out, one that is
    // undefined goes as the text "undefined" (String(undefined) is not empty).
    function sendEcommerce(orderId, grandTotal, subTotal, tax, shipping, discount) {
      var request = 'idgoal=0';
      var items = [];
      var hasOrderId = String(orderId).length;
      if (hasOrderId) request += '&ec_id=' + encodeURIComponent(orderId);
      request += '&revenue=' + grandTotal;
      if (String(subTotal).length) request += '&ec_st=' + subTotal;
      if (String(tax).length) request += '&ec_tx=' + tax;
      if (String(shipping).length) request += '&ec_sh=' + shipping;
      if (String(discount).length) request += '&ec_dt=' + discount;
      for (var sku in cart) {
        if (hasOwn.call(cart, sku)) {
          var item = cart[sku]; // the defaults are written into the stored item, as the real one does
          if (item[1] === undefined) item[1] = '';
          if (item[2] === undefined) item[2] = '';
          if (item[3] === undefined || String(item[3]).length === 0) item[3] = 0;
          if (item[4] === undefined || String(item[4]).length === 0) item[4] = 1;
          items.push(item);
        }
      }
      request += '&ec_items=' + encodeURIComponent(JSON.stringify(items));
      send(request, customData); // the real one passes the setCustomData object as the hit's data
      if (hasOrderId) cart = {};
    }
    self.trackEcommerceOrder = function (orderId, grandTotal, subTotal, tax, shipping, discount) {
      if (String(orderId).length && grandTotal !== undefined) sendEcommerce(orderId, grandTotal, subTotal, tax, shipping, discount);
    };
    self.trackEcommerceCartUpdate = function (grandTotal) {
      if (grandTotal !== undefined) sendEcommerce('', grandTotal, '', '', '', '');
    };
  }

  // One `_paq` command: [name, ...arguments] or [function, ...arguments]. Like the real tracker,
  // takes the first element off the array.
  function run(tracker, command) {
    var name = command.shift();
    if (typeof name === 'function') {
      name.apply(tracker, command);
      return;
    }
    if (!hasOwn.call(tracker, name) || typeof tracker[name] !== 'function') {
      var message = 'The method \'' + name + '\' was not found in "_paq" variable.  Please have a look at the Matomo tracker documentation: https://developer.matomo.org/api-reference/tracking-javascript';
      console.error(message);
      throw new TypeError(message);
    }
    tracker[name].apply(tracker, command);
  }

  var queue = window._paq;
  var trackers = [];
  window.Matomo = window.Piwik = {
    standIn: true,
    getAsyncTracker: function () { return trackers[0]; },
    getAsyncTrackers: function () { return trackers; },
  };
  if (!queue || !queue.length) { // silent now; each later push logs an error
    window._paq = {
      push: function (command) {
        console.error('_paq.push() was used but Matomo tracker was not initialized before the matomo.js file was loaded. Make sure to configure the tracker via _paq.push before loading matomo.js.', command);
      },
    };
    return;
  }
  var tracker = new Tracker();
  trackers.push(tracker);
  for (var i = 0; i < APPLY_FIRST.length; i++) {
    var seen = 0;
    for (var j = 0; j < queue.length; j++) {
      if (queue[j] && queue[j][0] === APPLY_FIRST[i]) {
        run(tracker, queue[j]);
        delete queue[j];
        seen += 1;
        if (seen > 1 && APPLY_FIRST[i] !== 'addTracker' && APPLY_FIRST[i] !== 'enableLinkTracking') {
          console.error('The method ' + APPLY_FIRST[i] + ' is registered more than once in "_paq" variable. Only the last call has an effect.');
        }
      }
    }
  }
  // The live array: a command that a queued function pushes meanwhile runs in this loop too.
  for (var n = 0; n < queue.length; n++) if (queue[n]) run(tracker, queue[n]);
  window._paq = {
    push: function () {
      for (var k = 0; k < arguments.length; k++) run(tracker, arguments[k]);
    },
  };
})();

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
 *   as arguments, in queue order; the tracker has every method below as its own property;
 * - several trackers: addTracker(url?, siteId) (url defaulting to the first tracker's) adds a
 *   fresh tracker (nothing copied); every later command, functions included, runs on each tracker
 *   in turn, except addTracker, setTrackerUrl and setSiteId, which reach the first one only; each
 *   hit goes to its tracker's URL with its idsite. Matomo.getAsyncTrackers() lists them;
 *   Matomo.getAsyncTracker(url?, siteId?) returns the first, or the one with that url and
 *   String(siteId) (a missing one taken from the first), else undefined; with no tracker yet it
 *   creates the first one (then _paq works). Matomo.getTracker(url?, siteId?) returns a new
 *   tracker that _paq does not reach; Matomo.addTracker(url, siteId);
 * - an unknown method name throws (inside start-up it stops the queue for good). Every method
 *   not named in this comment is unknown to the stand-in and throws too, though the real tracker
 *   has it;
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
 * - cookies: each hit (when built) writes `_pk_id.<siteId>.<hash>` = "<_id>.<created, s>." (until
 *   created + 393 days, setVisitorCookieTimeout(s)) and `_pk_ses.<siteId>.<hash>` = "1" (30
 *   minutes, setSessionCookieTimeout(s)); hash = the first 4 hex digits of sha1(cookie domain or
 *   document.domain + cookie path or '/'); written as name=value;expires;path=<path or
 *   />;domain?;secure?;SameSite=<Lax>, read back (console error when it did not stick). _id
 *   comes from that cookie (_idn=0), else is new (_idn=1): 16 hex digits, '' when cookies are
 *   disabled. setCookieNamePrefix, setCookiePath, setCookieDomain (cleaned; refused with a console
 *   error when a test cookie on it does not stick), setSecureCookie (refused on http),
 *   setCookieSameSite (Lax/None/Strict in any case; None on http reverts to Lax), getCookie,
 *   getCookieDomain, getCookiePath, getVisitorId, deleteCookies, areCookiesEnabled.
 *   disableCookies: no cookies written or read (mtm_consent_removed excepted), the tracker's
 *   _pk_id/_pk_ses/_pk_cvar/_pk_ref deleted at once and at every hit;
 * - consent: requireConsent (unless an mtm_consent cookie is remembered) holds every built hit in
 *   memory and disables cookies; trackPageView drops the held hits; setConsentGiven(cookies?)
 *   sends them, then gives cookie consent unless passed false; rememberConsentGiven(hours?) also
 *   writes mtm_consent=<ms> (30 years by default); forgetConsentGiven(hours?) deletes it, writes
 *   mtm_consent_removed, forgets cookie consent and requires consent again, so nothing is sent
 *   (a page with mtm_consent_removed holds hits from the start). While consent is required and
 *   given, hits carry consent=1. hasConsent, isConsentRequired, hasRememberedConsent,
 *   getRememberedConsent, isUserOptedOut, optUserOut, forgetUserOptOut. requireCookieConsent
 *   (unless mtm_cookie_consent is remembered) disables cookies: hits go without them;
 *   setCookieConsentGiven enables them and, when a hit was sent before, writes _pk_id and sends
 *   ping=1; rememberCookieConsentGiven(hours?) also writes mtm_cookie_consent;
 *   getRememberedCookieConsent; forgetCookieConsentGiven deletes it and disables cookies again;
 * - setDoNotTrack(true) when navigator.doNotTrack (or msDoNotTrack) is '1' or 'yes': cookies
 *   disabled, nothing sent, cookie consent refused;
 * - enableJSErrorTracking: an uncaught error (window.onerror, an earlier handler still called)
 *   sends the event "JavaScript Errors" / "<file>:<line>[:<column>]" / message, once per page view;
 * - setRequestMethod(m) ('GET' when falsy; GET also turns sendBeacon off);
 * - accepted and stored, effect not imitated: setDomains (stored as the real one does: the page's
 *   domain is added unless an alias matches it or has a path; the real one uses it for outlinks
 *   and referrers; getDomains is the stand-in's own), enableCrossDomainLinking /
 *   disableCrossDomainLinking / isCrossDomainLinkingEnabled / setCrossDomainLinkingTimeout (no
 *   link decoration, no pk_vid read), enableHeartBeatTimer(s) / disableHeartBeatTimer (no pings
 *   on blur or when hidden), disablePerformanceTracking (no pf_* timings are sent anyway);
 * - also setTrackerUrl, setSiteId, alwaysUseSendBeacon, ping (ping=1), and the getters
 *   getTrackerUrl, getSiteId, getCurrentUrl, getCustomDimension, getCustomVariable, getCustomData.
 * Not imitated: link and download click tracking (enableLinkTracking is accepted and does
 * nothing), the _pk_ref and _pk_cvar cookies, setVisitorId, content tracking, referrer
 * attribution (_ref, _refts, campaigns), excluded query parameters and referrers,
 * ignore_referrer, the callbacks of track*, browser features (res, cookie, pdf...), uadata,
 * performance timing, the deletion at unload of cookies written without consent, the
 * "Tracker::method" and "plugin.method" command forms.
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

  // SHA-1 as lowercase hex of the UTF-8 text: the real tracker names its cookies with the first 4
  // hex digits of sha1(cookieDomain-or-document.domain + cookiePath-or-'/').
  function sha1Hex(text) {
    text = unescape(encodeURIComponent(text));
    var words = [];
    var i;
    for (i = 0; i < text.length; i++) words[i >> 2] |= text.charCodeAt(i) << (24 - (i % 4) * 8);
    words[text.length >> 2] |= 0x80 << (24 - (text.length % 4) * 8);
    var blocks = ((text.length + 8) >> 6) + 1;
    words[blocks * 16 - 1] = text.length * 8;
    var h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    var w = [];
    for (var block = 0; block < blocks; block++) {
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
      for (i = 0; i < 80; i++) {
        if (i < 16) w[i] = words[block * 16 + i] | 0;
        else { var x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]; w[i] = (x << 1) | (x >>> 31); }
        var f = i < 20 ? ((b & c) | (~b & d)) + 0x5A827999 : i < 40 ? (b ^ c ^ d) + 0x6ED9EBA1 :
          i < 60 ? ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC : (b ^ c ^ d) + 0xCA62C1D6;
        var t = (((a << 5) | (a >>> 27)) + f + e + w[i]) | 0;
        e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0; h[4] = (h[4] + e) | 0;
    }
    var hex = '';
    for (i = 0; i < 5; i++) hex += ('0000000' + (h[i] >>> 0).toString(16)).slice(-8);
    return hex;
  }

  // A cookie domain as the real tracker cleans it: no trailing dot, '*.x' -> '.x', no path.
  function cleanDomain(domain) {
    domain = String(domain);
    if (domain.charAt(domain.length - 1) === '.') domain = domain.slice(0, -1);
    if (domain.slice(0, 2) === '*.') domain = domain.slice(1);
    if (domain.indexOf('/') !== -1) domain = domain.slice(0, domain.indexOf('/'));
    return domain;
  }

  // setDomains' test of a host against an alias ('.example.com' also matches its subdomains).
  function isSiteHost(host, alias) {
    host = String(host).toLowerCase();
    alias = String(alias).toLowerCase();
    if (host === alias) return true;
    if (alias.slice(0, 1) === '.') {
      if (host === alias.slice(1)) return true;
      var offset = host.length - alias.length;
      if (offset > 0 && host.slice(offset) === alias) return true;
    }
    return false;
  }

  function aliasPath(alias) {
    if (alias.indexOf('//') !== 0 && alias.indexOf('http') !== 0) {
      if (alias.indexOf('*') === 0) alias = alias.slice(1);
      if (alias.indexOf('.') === 0) alias = alias.slice(1);
      alias = 'http://' + alias;
    }
    var link = document.createElement('a');
    link.href = alias;
    return link.pathname || '';
  }

  function jsonParam(name, object) {
    var text = JSON.stringify(object);
    return object && text.length > 2 ? '&' + name + '=' + encodeURIComponent(text) : '';
  }

  var trackers = []; // the async trackers: _paq commands run on each

  function Tracker(initialTrackerUrl, initialSiteId) {
    var trackerUrl = initialTrackerUrl || '';
    var siteId = initialSiteId || '';
    var userId = '';
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
    // Cookies and consent, as the real tracker keeps them.
    var CONSENT = 'mtm_consent', COOKIE_CONSENT = 'mtm_cookie_consent', CONSENT_REMOVED = 'mtm_consent_removed';
    var pageDomain = cleanDomain(document.domain || '');
    var domains = [pageDomain]; // setDomains
    var cookiePrefix = '_pk_';
    var cookieDomain; // setCookieDomain, cleaned
    var cookiePath; // setCookiePath
    var cookieHash = '';
    var secureCookie = false;
    var sameSite = 'Lax';
    var visitorCookieTimeout = 33955200000; // 393 days, in ms
    var sessionCookieTimeout = 1800000; // 30 minutes
    var cookiesDisabled = false; // disableCookies, requireCookieConsent, requireConsent (until consent)
    var doNotTrack = false; // setDoNotTrack(true) in a browser that says DNT
    var consentRequired = false;
    var consentGiven = null;
    var heldHits = []; // built hits waiting for consent
    var hitSent = false; // a hit has passed the consent check
    var crossDomainLinking = false;
    var crossDomainLinkingTimeout = 180;
    var heartBeatDelay = null; // enableHeartBeatTimer, in ms
    var performanceTracking = true;
    var jsErrorTracking = false;
    var jsErrorsSeen = [];
    var self = this;

    function scopeOf(scope) {
      if (scope === 'visit' || scope === 2) return 'visit';
      if (scope === 'page' || scope === 3) return 'page';
      if (scope === 'event') return 'event';
      return null;
    }

    function getCookie(name) {
      if (cookiesDisabled && name !== CONSENT_REMOVED) return 0;
      var match = new RegExp('(^|;)[ ]*' + name + '=([^;]*)').exec(document.cookie);
      return match ? safeDecode(match[2]) : 0;
    }
    function setCookie(name, value, ms, path, domain, secure, site) {
      if (cookiesDisabled && name !== CONSENT_REMOVED) return;
      var expires;
      if (ms) {
        expires = new Date();
        expires.setTime(expires.getTime() + ms);
      }
      document.cookie = name + '=' + encodeURIComponent(value) + (ms ? ';expires=' + expires.toGMTString() : '') +
        ';path=' + (path || '/') + (domain ? ';domain=' + domain : '') + (secure ? ';secure' : '') + ';SameSite=' + (site || 'Lax');
      if ((!ms || ms >= 0) && getCookie(name) !== String(value)) {
        console.error('There was an error setting cookie `' + name + '`. Please check domain and path.');
      }
    }
    function deleteCookie(name, path, domain) { setCookie(name, '', -129600000, path, domain); }
    function updateCookieHash() { cookieHash = sha1Hex((cookieDomain || pageDomain) + (cookiePath || '/')).slice(0, 4); }
    updateCookieHash();
    function cookieName(base) { return cookiePrefix + base + '.' + siteId + '.' + cookieHash; }
    // Deletes this tracker's _pk_id, _pk_ses, _pk_cvar and _pk_ref cookies, even when disabled.
    function deleteTrackerCookies() {
      var disabled = cookiesDisabled;
      cookiesDisabled = false;
      var names = ['id', 'ses', 'cvar', 'ref'];
      for (var k = 0; k < names.length; k++) {
        var name = cookieName(names[k]);
        if (getCookie(name) !== 0) deleteCookie(name, cookiePath, cookieDomain);
      }
      cookiesDisabled = disabled;
    }
    function canWriteDomain(domain) {
      var name = cookiePrefix + 'testcookie_domain';
      setCookie(name, 'testvalue', 10000, null, domain, secureCookie, sameSite);
      if (getCookie(name) === 'testvalue') {
        deleteCookie(name, null, domain);
        return true;
      }
      return false;
    }
    // The visitor: from the _pk_id cookie ("<uuid>.<created>."), else new; no uuid without cookies.
    function visitorInfo() {
      var stored = getCookie(cookieName('id'));
      if (stored) {
        var parts = stored.split('.');
        return { newVisitor: '0', uuid: parts[0], createTs: parts[1] };
      }
      return { newVisitor: '1', uuid: cookiesDisabled ? '' : randomHex(16), createTs: Math.round(new Date().getTime() / 1000) };
    }
    function setVisitorCookie(visitor) {
      if (!siteId) return;
      if (!visitor) visitor = visitorInfo();
      var ms = parseInt(visitor.createTs, 10) * 1000 + visitorCookieTimeout - new Date().getTime();
      setCookie(cookieName('id'), visitor.uuid + '.' + visitor.createTs + '.', ms, cookiePath, cookieDomain, secureCookie, sameSite);
    }
    function rememberedConsent() {
      var given = getCookie(CONSENT);
      if (getCookie(CONSENT_REMOVED)) {
        if (given) deleteCookie(CONSENT, cookiePath, cookieDomain);
        return null;
      }
      return given || null;
    }
    consentGiven = !getCookie(CONSENT_REMOVED);

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
      dispatch(build(request, hitData));
    }
    // The hit's query, built at the time of the command (the real one's getRequest): '' under
    // Do Not Track. It refreshes the _pk_id and _pk_ses cookies, or deletes them when disabled.
    function build(request, hitData) {
      if (cookiesDisabled) deleteTrackerCookies();
      if (doNotTrack) return '';
      var now = new Date();
      var visitor = visitorInfo();
      var query = request + '&idsite=' + siteId + '&rec=1&r=' + String(Math.random()).slice(2, 8) +
        '&h=' + now.getHours() + '&m=' + now.getMinutes() + '&s=' + now.getSeconds() +
        '&url=' + encodeURIComponent(customUrl || locationUrl) +
        (referrerUrl.length ? '&urlref=' + encodeURIComponent(referrerUrl) : '') +
        (isIdentifier(userId) ? '&uid=' + encodeURIComponent(userId) : '') +
        '&_id=' + visitor.uuid + '&_idn=' + visitor.newVisitor + '&send_image=' + (useBeacon ? '0' : '1');
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
      setVisitorCookie(visitor);
      setCookie(cookieName('ses'), '1', sessionCookieTimeout, cookiePath, cookieDomain, secureCookie, sameSite);
      if (appendedQuery.length) query += '&' + appendedQuery;
      return query;
    }
    // Sends a built hit, or holds it while consent is required and not given.
    function dispatch(query) {
      if (getCookie(CONSENT_REMOVED)) consentGiven = false;
      else if (getCookie(CONSENT)) consentGiven = true;
      if (!consentGiven) {
        heldHits.push(query);
        return;
      }
      hitSent = true;
      if (doNotTrack || !query) return;
      if (consentRequired) query += '&consent=1';
      var time = new Date().getTime();
      if (nextImmediate && time < nextImmediate) {
        setTimeout(function () { deliver(query); }, nextImmediate - time);
        nextImmediate += 50;
        return;
      }
      if (nextImmediate === false) nextImmediate = time + 800;
      deliver(query);
    }

    self.setTrackerUrl = function (url) { trackerUrl = url; };
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
    self.setRequestMethod = function (method) {
      requestMethod = method ? String(method).toUpperCase() : 'GET';
      if (requestMethod === 'GET') useBeacon = false;
    };
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
      heldHits = []; // hits held for consent are dropped here
      jsErrorsSeen = [];
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

    // A second tracker (its own state, nothing copied) that every later _paq command runs on too.
    self.addTracker = function (url, id) {
      if (url === undefined || url === null) url = self.getTrackerUrl();
      var added = new Tracker(url, id);
      trackers.push(added);
      return added;
    };

    // Consent, as the real requireConsent, setConsentGiven... do it.
    self.requireConsent = function () {
      consentRequired = true;
      consentGiven = !!rememberedConsent();
      if (!consentGiven) cookiesDisabled = true;
    };
    self.isConsentRequired = function () { return consentRequired; };
    self.hasConsent = function () { return consentGiven; };
    self.hasRememberedConsent = function () { return !!rememberedConsent(); };
    self.getRememberedConsent = rememberedConsent;
    self.setConsentGiven = function (setCookieConsent) {
      consentGiven = true;
      deleteCookie(CONSENT_REMOVED, cookiePath, cookieDomain);
      var held = heldHits;
      heldHits = [];
      for (var k = 0; k < held.length; k++) dispatch(held[k]);
      if (setCookieConsent === undefined || setCookieConsent) self.setCookieConsentGiven();
    };
    function hoursToMs(hours) { return hours ? hours * 3600000 : 946080000000; } // default: 30 years
    self.rememberConsentGiven = function (hours) {
      var ms = hoursToMs(hours);
      self.setConsentGiven(true);
      setCookie(CONSENT, new Date().getTime(), ms, cookiePath, cookieDomain, secureCookie, sameSite);
    };
    self.forgetConsentGiven = function (hours) {
      var ms = hoursToMs(hours);
      deleteCookie(CONSENT, cookiePath, cookieDomain);
      setCookie(CONSENT_REMOVED, new Date().getTime(), ms, cookiePath, cookieDomain, secureCookie, sameSite);
      self.forgetCookieConsentGiven();
      self.requireConsent();
    };
    self.isUserOptedOut = function () { return !consentGiven; };
    self.optUserOut = self.forgetConsentGiven;
    self.forgetUserOptOut = function () { self.setConsentGiven(false); };

    // Cookies.
    self.disableCookies = function () {
      cookiesDisabled = true;
      if (siteId) deleteTrackerCookies();
    };
    self.areCookiesEnabled = function () { return !cookiesDisabled; };
    self.deleteCookies = deleteTrackerCookies;
    self.setCookieConsentGiven = function () {
      if (cookiesDisabled && !doNotTrack) {
        cookiesDisabled = false;
        if (siteId && hitSent) { // the visitor cookie now, and a ping that carries it
          setVisitorCookie();
          send('ping=1');
        }
      }
    };
    self.requireCookieConsent = function () {
      if (self.getRememberedCookieConsent()) return false;
      self.disableCookies();
      return true;
    };
    self.getRememberedCookieConsent = function () { return getCookie(COOKIE_CONSENT); };
    self.forgetCookieConsentGiven = function () {
      deleteCookie(COOKIE_CONSENT, cookiePath, cookieDomain);
      self.disableCookies();
    };
    self.rememberCookieConsentGiven = function (hours) {
      var ms = hoursToMs(hours);
      self.setCookieConsentGiven();
      setCookie(COOKIE_CONSENT, new Date().getTime(), ms, cookiePath, cookieDomain, secureCookie, sameSite);
    };
    self.setDoNotTrack = function (enable) {
      var said = navigator.doNotTrack || navigator.msDoNotTrack;
      doNotTrack = !!(enable && (said === 'yes' || said === '1'));
      if (doNotTrack) self.disableCookies();
    };
    self.setCookieNamePrefix = function (prefix) { cookiePrefix = prefix; };
    self.setCookieDomain = function (domain) {
      var cleaned = cleanDomain(domain);
      if (!cookiesDisabled && !canWriteDomain(cleaned)) {
        console.error('Can\'t write cookie on domain ' + domain);
      } else {
        cookieDomain = cleaned;
        updateCookieHash();
      }
    };
    self.getCookieDomain = function () { return cookieDomain; };
    self.setCookiePath = function (path) { cookiePath = path; updateCookieHash(); };
    self.getCookiePath = function () { return cookiePath; };
    self.setVisitorCookieTimeout = function (seconds) { visitorCookieTimeout = seconds * 1000; };
    self.setSessionCookieTimeout = function (seconds) { sessionCookieTimeout = seconds * 1000; };
    self.getSessionCookieTimeout = function () { return sessionCookieTimeout; };
    self.setSecureCookie = function (secure) {
      if (secure && location.protocol !== 'https:') {
        console.error('Error in setSecureCookie: You cannot use `Secure` on http.');
        return;
      }
      secureCookie = secure;
    };
    self.setCookieSameSite = function (value) {
      value = String(value);
      value = value.charAt(0).toUpperCase() + value.toLowerCase().slice(1);
      if (value !== 'None' && value !== 'Lax' && value !== 'Strict') {
        console.error('Ignored value for sameSite. Please use either Lax, None, or Strict.');
        return;
      }
      if (value === 'None') {
        if (location.protocol === 'https:') {
          self.setSecureCookie(true);
        } else {
          console.error('sameSite=None cannot be used on http, reverted to sameSite=Lax.');
          value = 'Lax';
        }
      }
      sameSite = value;
    };
    self.getCookie = function (name) {
      var value = getCookie(cookieName(name));
      return value === 0 ? null : value;
    };
    self.getVisitorId = function () {
      if (!getCookie(cookieName('id'))) setVisitorCookie();
      return visitorInfo().uuid;
    };
    // Stored as the real one stores it: the page's own domain is added unless an alias matches it
    // or has a path. Used by the real one for outlink and referrer checks, neither imitated here.
    self.setDomains = function (list) {
      domains = isString(list) ? [list] : list;
      for (var k = 0; k < domains.length; k++) {
        var alias = String(domains[k]);
        if (isSiteHost(pageDomain, cleanDomain(alias))) return;
        var path = aliasPath(alias);
        if (path && path !== '/' && path !== '/*') return;
      }
      domains.push(pageDomain);
    };
    self.getDomains = function () { return domains; }; // the stand-in's own, for tests

    // Accepted and stored; their effects (link decoration and pk_vid, heartbeat pings on blur and
    // visibility changes, pf_* timings) are not imitated.
    self.enableCrossDomainLinking = function () { crossDomainLinking = true; };
    self.disableCrossDomainLinking = function () { crossDomainLinking = false; };
    self.isCrossDomainLinkingEnabled = function () { return crossDomainLinking; };
    self.setCrossDomainLinkingTimeout = function (seconds) { crossDomainLinkingTimeout = seconds; };
    self.enableHeartBeatTimer = function (seconds) { heartBeatDelay = Math.max(seconds || 15, 5) * 1000; };
    self.disableHeartBeatTimer = function () { heartBeatDelay = null; };
    self.disablePerformanceTracking = function () { performanceTracking = false; };
    // An uncaught error becomes an event: JavaScript Errors / <file>:<line>[:<column>] / message,
    // each once per page view; an earlier window.onerror still runs.
    self.enableJSErrorTracking = function () {
      if (jsErrorTracking) return;
      jsErrorTracking = true;
      var previous = window.onerror;
      window.onerror = function (message, file, line, column, error) {
        var where = file + ':' + line + (column ? ':' + column : '');
        if (jsErrorsSeen.indexOf('JavaScript Errors' + where + message) === -1) {
          jsErrorsSeen.push('JavaScript Errors' + where + message);
          self.trackEvent('JavaScript Errors', where, message);
        }
        return previous ? previous(message, file, line, column, error) : false;
      };
    };

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

  // One `_paq` command: [name, ...arguments] or [function, ...arguments], run on every tracker in
  // turn (a function with `this` = each tracker), except addTracker, setTrackerUrl and setSiteId:
  // those run on the first one only. Like the real tracker, takes the first element off the array.
  function run(command) {
    var name = command.shift();
    applied.push([typeof name === 'function' ? 'function' : name].concat(command));
    for (var t = 0; t < trackers.length; t++) {
      var tracker = trackers[t];
      if (typeof name === 'function') {
        name.apply(tracker, command);
        continue;
      }
      if (!hasOwn.call(tracker, name) || typeof tracker[name] !== 'function') {
        var message = 'The method \'' + name + '\' was not found in "_paq" variable.  Please have a look at the Matomo tracker documentation: https://developer.matomo.org/api-reference/tracking-javascript';
        console.error(message);
        throw new TypeError(message);
      }
      tracker[name].apply(tracker, command);
      if (name === 'addTracker' || name === 'setTrackerUrl' || name === 'setSiteId') break;
    }
  }

  // The first tracker: apply-first commands first, in the fixed order (a console error when one
  // is queued twice), then the rest, reading the live array; then _paq runs each push at once.
  function createFirstTracker(url, id) {
    var tracker = new Tracker(url, id);
    trackers.push(tracker);
    var queue = window._paq;
    if (queue && queue.length) {
      for (var i = 0; i < APPLY_FIRST.length; i++) {
        var seen = 0;
        for (var j = 0; j < queue.length; j++) {
          if (queue[j] && queue[j][0] === APPLY_FIRST[i]) {
            run(queue[j]);
            delete queue[j];
            seen += 1;
            if (seen > 1 && APPLY_FIRST[i] !== 'addTracker' && APPLY_FIRST[i] !== 'enableLinkTracking') {
              console.error('The method ' + APPLY_FIRST[i] + ' is registered more than once in "_paq" variable. Only the last call has an effect.');
            }
          }
        }
      }
      for (var n = 0; n < queue.length; n++) if (queue[n]) run(queue[n]);
    }
    window._paq = {
      push: function () {
        for (var k = 0; k < arguments.length; k++) run(arguments[k]);
      },
    };
    return tracker;
  }

  // Every `_paq` command run, in order, as [name or 'function', ...arguments]: the stand-in's own
  // record, for tests that count more commands than hits can be sent in a test's time (the real
  // tracker spaces hits 50 ms apart).
  var applied = [];

  window.Matomo = window.Piwik = {
    standIn: true,
    standInApplied: function () { return applied.slice(); },
    getAsyncTrackers: function () { return trackers; },
    // The first tracker, or the one with this url and site id (each defaulting to the first
    // tracker's), else undefined. With no tracker yet, creates the first one, as the real one does.
    getAsyncTracker: function (url, id) {
      if (!trackers.length) return createFirstTracker(url, id);
      var first = trackers[0];
      if (!id && !url) return first;
      if (id === undefined || id === null) id = first.getSiteId();
      if (url === undefined || url === null) url = first.getTrackerUrl();
      for (var k = 0; k < trackers.length; k++) {
        if (String(trackers[k].getSiteId()) === String(id) && trackers[k].getTrackerUrl() === url) return trackers[k];
      }
    },
    // A new tracker that _paq does not reach (url and site id default to the first tracker's).
    getTracker: function (url, id) {
      if (id === undefined) id = this.getAsyncTracker().getSiteId();
      if (url === undefined) url = this.getAsyncTracker().getTrackerUrl();
      return new Tracker(url, id);
    },
    addTracker: function (url, id) {
      return trackers.length ? trackers[0].addTracker(url, id) : createFirstTracker(url, id);
    },
  };
  var startQueue = window._paq;
  if (startQueue && startQueue.length) {
    createFirstTracker();
  } else { // silent now; each later push logs an error
    window._paq = {
      push: function (command) {
        console.error('_paq.push() was used but Matomo tracker was not initialized before the matomo.js file was loaded. Make sure to configure the tracker via _paq.push before loading matomo.js.', command);
      },
    };
  }
})();

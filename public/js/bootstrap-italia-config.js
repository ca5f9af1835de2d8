// Read by Bootstrap Italia's bundle, loaded right after this file: its video player (video.js)
// must not add <style> elements of its own, which the portal's Content-Security-Policy
// (style-src 'self') blocks, leaving an error in the console of every page.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;

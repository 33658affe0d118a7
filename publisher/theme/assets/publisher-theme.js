/* mkdocs-material 9.8's inline scripts (material/templates/partials/javascripts/*.html and
   partials/integrations/analytics.html), moved into this one file so that the site's
   Content-Security-Policy allows no inline script at all: `script-src 'self'`, no hash, and a
   script injected into a page can never match one.

   Each override in site_overrides/partials/ loads this file where the theme wrote its inline
   script, as a classic blocking script, so it runs at the same moment with the same page around
   it. data-md-part names which script; the values the theme wrote into the script's text
   (its storage scope, base URL) arrive as data-md-* attributes. The code of each part is the
   theme's, unchanged but for those values. On a theme upgrade, compare with the theme's partials
   (tests/test_csp.py fails if the theme adds an inline script this file does not replace). */
(function (script) {
  var parts = {
    base: function () {
      __md_scope=new URL(script.dataset.mdScope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
    },
    "content-tabs": function () {
      var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
    },
    content: function () {
      var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
    },
    palette: function () {
      var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
    },
    announce: function () {
      var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
    },
    outdated: function () {
      var el=document.querySelector("[data-md-component=outdated]"),base=new URL(script.dataset.mdBase),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
    },
    consent: function () {
      var consent=__md_get("__consent");if(consent)for(var input of document.forms.consent.elements)input.name&&(input.checked=consent[input.name]||!1);else"file:"!==location.protocol&&setTimeout((function(){document.querySelector("[data-md-component=consent]").hidden=!1}),250);var form=document.forms.consent;for(var action of["submit","reset"])form.addEventListener(action,(function(e){if(e.preventDefault(),"reset"===e.type)for(var n of document.forms.consent.elements)n.name&&(n.checked=!1);__md_set("__consent",Object.fromEntries(Array.from(new FormData(form).keys()).map((function(e){return[e,!0]})))),location.hash="",location.reload()}))
    },
    "analytics-consent": function () {
      if("undefined"!=typeof __md_analytics){var consent=__md_get("__consent");consent&&consent.analytics&&__md_analytics()}
    },
    analytics: function () {
      "undefined"!=typeof __md_analytics&&__md_analytics()
    }
  };
  parts[script.dataset.mdPart]();
})(document.currentScript);

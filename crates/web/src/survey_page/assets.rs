//! The page's inline style sheet and script. Both are written inline (with
//! the CSP nonce when there is one) so the page needs no other request.

use super::theme::Palette;

/// The style sheet, after the `:root` colours of [`style`].
const CSS: &str = "\
*{box-sizing:border-box}\
html{-webkit-text-size-adjust:100%}\
body{margin:0;background:#f3f4f6;color:#1f2937;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\
\"Helvetica Neue\",Arial,\"Hiragino Sans\",\"Yu Gothic UI\",\"Noto Sans CJK JP\",sans-serif}\
main{max-width:42rem;margin:0 auto;padding:2.5rem 1rem 3rem}\
.card{background:#fff;border-radius:12px;border-top:4px solid var(--a);padding:1.75rem 1.5rem;\
box-shadow:0 1px 3px rgba(0,0,0,.08),0 8px 24px rgba(0,0,0,.05)}\
.brand{display:flex;align-items:center;gap:.75rem;margin:0 0 1.5rem;font-weight:600;font-size:1.05rem}\
.brand img{display:block;max-height:44px;max-width:180px;width:auto;height:auto}\
h1{font-size:1.5rem;line-height:1.3;margin:0 0 .75rem}\
p{margin:0 0 1rem}a{color:var(--ink)}\
fieldset{border:0;margin:0;padding:0;min-width:0}\
.q{display:block;padding:0;margin:0 0 .75rem;font-weight:600;font-size:1.125rem;line-height:1.4}\
.field{margin:0 0 1.75rem}\
.scale{display:grid;grid-template-columns:repeat(11,1fr);gap:6px}\
.opt{position:relative;display:block;cursor:pointer}\
.opt input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}\
.n{display:flex;align-items:center;justify-content:center;min-height:48px;border:1.5px solid #c4c9d2;\
border-radius:8px;background:#fff;font-weight:600;font-size:1.0625rem;font-variant-numeric:tabular-nums}\
.opt input:checked+.n{background:var(--a);border-color:var(--a);color:var(--on)}\
.opt input:focus-visible+.n{outline:3px solid var(--ink);outline-offset:2px}\
.ends{display:flex;justify-content:space-between;gap:1rem;margin-top:.5rem;font-size:.875rem;color:var(--m)}\
.ends span:last-child{text-align:end}\
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\
textarea,.text{display:block;width:100%;font:inherit;color:inherit;background:#fff;padding:.625rem .75rem;\
border:1.5px solid #8b93a1;border-radius:8px}\
textarea{min-height:8rem;resize:vertical}\
textarea:focus,.text:focus{outline:3px solid var(--ink);outline-offset:1px;border-color:var(--ink)}\
.hint{font-size:.875rem;color:var(--m);margin:.375rem 0 0}\
.tag{font-weight:400;font-size:.875rem;color:var(--m)}\
.choices label{display:flex;align-items:center;gap:.625rem;min-height:48px;padding:.5rem .75rem;margin:0 0 .5rem;\
border:1.5px solid #c4c9d2;border-radius:8px;cursor:pointer}\
.choices input{flex:none;width:1.25rem;height:1.25rem;margin:0;accent-color:var(--a)}\
.choices label:last-of-type{margin:0}.choices label:has(input:checked){border-color:var(--ink);background:#f8fafc}\
.err{color:#b42318;font-weight:600;font-size:.9375rem;margin:.5rem 0 0}\
[aria-invalid=true] .n,[aria-invalid=true] label,textarea[aria-invalid=true],.text[aria-invalid=true]\
{border-color:#b42318}\
.alert,.ok{border-radius:8px;padding:.75rem 1rem;margin:0 0 1.5rem}\
.alert{border:1.5px solid #b42318;background:#fef3f2;color:#7a271a}.alert p{margin:.25rem 0 0}\
.ok{border:1.5px solid #067647;background:#ecfdf3;color:#054f31}\
.ok[hidden]{display:none}\
.send,.btn{display:inline-block;font:inherit;font-weight:600;text-decoration:none;background:var(--a);\
color:var(--on);border:0;border-radius:8px;padding:.75rem 2.25rem;min-height:48px;cursor:pointer}\
.send:focus-visible,.btn:focus-visible{outline:3px solid var(--ink);outline-offset:2px}\
.muted{color:var(--m);font-size:.9375rem}\
.done{text-align:center}.done .icon{display:block;margin:.5rem auto 1rem}.pre{white-space:pre-line}\
.hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}\
@media (hover:hover){.opt:hover .n,.choices label:hover{border-color:var(--ink)}.send:hover,.btn:hover{filter:brightness(.92)}}\
@media (max-width:30rem){main{padding:.75rem .5rem 2rem}.card{padding:1.25rem 1rem}\
.scale{grid-template-columns:repeat(6,1fr)}.opt:nth-child(7){grid-column-start:2}.ends{gap:.5rem;font-size:.8125rem}\
.send{width:100%}}";

/// The style sheet painted in `palette`.
pub(crate) fn style(palette: &Palette) -> String {
    format!(":root{{--a:{};--on:{};--ink:{};--m:#4b5563}}{CSS}", palette.accent, palette.on_accent, palette.accent_ink)
}

/// Rewords the why question when the score changes, and, on a form with
/// `data-auto="1"`, records the chosen score (with the form's hidden fields)
/// as soon as the page is visible, so a mail scanner that fetches the page
/// without showing it records nothing.
pub(crate) const SCRIPT: &str = "(function(){\
var f=document.getElementById('survey'),w=document.getElementById('why');if(!f||!w)return;\
f.addEventListener('change',function(e){var t=e.target;if(t.name!=='score')return;var v=+t.value;\
w.textContent=w.getAttribute(v>8?'data-r':v>6?'data-p':'data-d')});\
if(f.getAttribute('data-auto')!=='1')return;var done=false;\
function send(){var c=f.querySelector('input[name=score]:checked');\
if(done||!c||document.visibilityState!=='visible')return;done=true;var b=new URLSearchParams();\
f.querySelectorAll('input[type=hidden]').forEach(function(i){b.append(i.name,i.value)});\
b.append('score',c.value);b.append('auto','1');\
fetch(f.action,{method:'POST',body:b,credentials:'same-origin'}).then(function(r){\
var s=document.getElementById('saved');if(r.ok&&s)s.hidden=false}).catch(function(){done=false})}\
send();document.addEventListener('visibilitychange',send)})();";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_stays_small() {
        assert!(SCRIPT.len() < 2048, "{} bytes", SCRIPT.len());
        assert!(!SCRIPT.contains("</"), "the script must not be able to close its own tag");
    }
}

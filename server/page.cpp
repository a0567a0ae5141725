#include "server/page.hpp"

#include "reports/style.hpp"

namespace gfund::server {

std::string page_html(const std::string& token) {
  // The token is hex (new_token), so it needs no escaping in an attribute.
  return R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="gfund-token" content=")HTML" +
         token + R"HTML(">
<title>gfund - negotiation explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css?token=)HTML" +
         token + R"HTML(">
<script src="/app.js?token=)HTML" + token + R"HTML(" defer></script>
</head>
<body>
<div class="page">
<header class="doc"><div><h1>Negotiation explorer</h1>
<p class="subtitle" id="subtitle">Move the terms; the fund's answer follows on the same simulated defaults.</p></div>
<dl class="facts" id="facts"></dl></header>
<form id="terms" class="terms" autocomplete="off">
<fieldset><legend>Agreement</legend>
<label>Bank and line <select id="agreement" name="agreement"></select></label>
<label>As of <input type="date" id="as_of" name="as_of"></label>
<a id="dashboard" class="button" target="_blank" rel="noopener">Dashboard at this date</a>
</fieldset>
<fieldset><legend>Proposed terms</legend>
<label>Coverage <output id="coverage_out"></output><input type="range" id="coverage" min="0.05" max="1" step="0.05"></label>
<label>Structure <select id="structure"><option value="pari_passu">Pari passu</option><option value="first_loss">First loss</option></select></label>
<label>Per-loan cap <input type="number" id="per_loan_cap" min="0" step="any" placeholder="none"></label>
<label>Portfolio cap <select id="cap_kind"><option value="none">none</option><option value="amount">amount</option><option value="rate">share of enrolled volume</option></select>
<input type="number" id="cap_value" min="0" step="any"></label>
<label>Fee a year <output id="fee_out"></output><input type="range" id="fee" min="0" max="0.05" step="0.001"></label>
<label>Lock-in (months) <input type="number" id="lock_in_months" min="0" max="60" step="1"></label>
<label>Paid at claim <output id="payout_out"></output><input type="range" id="payout_at_claim" min="0.1" max="1" step="0.1"></label>
<label>Planned lending <output id="volume_out"></output><input type="range" id="volume" min="0" max="4" step="0.25"></label>
</fieldset>
</form>
<p id="status" class="status" data-answers="0" role="status">Loading...</p>
<p id="error" class="error" role="alert" hidden></p>
<section class="view"><h2>Current terms and the proposal</h2>
<div class="table-wrap"><table class="data" id="answer"><thead><tr><th>Figure</th><th class="num">Current terms</th>
<th class="num">Proposed</th></tr></thead><tbody></tbody></table></div>
<p class="table-note">Each figure with its 95% Monte Carlo interval. Claims net of recoveries over the horizon; the agreement's
claims are the fund's on this bank line, the fund's on every agreement with this proposal in place.</p>
<div id="chart" class="chart"></div>
<p><a id="download_md" class="button" download>Download term sheet (Markdown)</a>
<a id="download_html" class="button" download>Download term sheet (HTML)</a></p>
</section>
<footer class="doc">Prepared with gfund serve. Indicative figures for discussion; not an offer.</footer>
</div>
</body>
</html>
)HTML";
}

std::string page_style() {
  return std::string(reports::house_css()) + R"CSS(
form.terms { display: grid; grid-template-columns: 1fr 2fr; gap: 16px; margin: 0 0 12px; }
form.terms fieldset { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; display: grid;
  grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 10px 18px; }
form.terms legend { font-weight: 600; padding: 0 6px; }
form.terms label { display: flex; flex-direction: column; gap: 3px; font-size: 13px; color: var(--muted); }
form.terms output { color: var(--ink); font-weight: 600; font-variant-numeric: tabular-nums; }
.button { display: inline-block; padding: 5px 12px; border: 1px solid var(--accent); border-radius: 6px;
  color: var(--accent); text-decoration: none; margin-right: 8px; align-self: end; }
.status { color: var(--muted); font-size: 13px; }
.error { color: var(--alert); font-weight: 600; }
td .ci { display: block; color: var(--muted); font-size: 12px; }
table.data td.changed { background: #fff1d6; }
.chart svg { max-width: 720px; }
@media (max-width: 900px) { form.terms { grid-template-columns: 1fr; } }
)CSS";
}

// The page's whole script, kept as one literal: it is data served as is
// (no build chain for JavaScript), not C++ logic; its functions are short.
std::string_view page_script() {
  static constexpr std::string_view js = R"JS('use strict';
const token = document.querySelector('meta[name="gfund-token"]').content;
const $ = (id) => document.getElementById(id);
let lines = [], timer = null, inflight = null, answers = 0;
window.gfund = { lastQuote: null };

const digitsOf = (q) => q.currency_digits;
function money(minor, q) {
  const d = digitsOf(q);
  return (minor / Math.pow(10, d)).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}
const pct = (x, d = 2) => (100 * x).toFixed(d) + '%';
const est = (e, f) => f(e.value) + '<span class="ci">' + f(e.lo) + ' – ' + f(e.hi) + '</span>';

function url(path, extra) {
  const p = new URLSearchParams({ token: token, ...extra });
  return path + '?' + p.toString();
}

function currentLine() { return lines[Number($('agreement').value) || 0]; }

function termsAsked() {
  const t = { coverage: $('coverage').value, structure: $('structure').value, fee: $('fee').value,
              lock_in_months: $('lock_in_months').value || '0', payout_at_claim: $('payout_at_claim').value };
  t.per_loan_cap = $('per_loan_cap').value === '' ? 'none' : $('per_loan_cap').value;
  const kind = $('cap_kind').value, v = $('cap_value').value;
  if (kind === 'none') { t.portfolio_cap = 'none'; t.portfolio_cap_rate = 'none'; }
  else if (kind === 'amount') t.portfolio_cap = v === '' ? 'none' : v;
  else t.portfolio_cap_rate = v === '' ? 'none' : v;
  return t;
}

function ask() {
  const l = currentLine();
  const a = { bank: l.bank, ...termsAsked() };
  if (l.association) a.association = l.association;
  if ($('as_of').value) a.as_of = $('as_of').value;
  if (l.planned_monthly_minor > 0) a.volume = $('volume').value;
  return a;
}

function setTerms(l) {
  const t = l.terms;
  $('coverage').value = t.coverage; $('structure').value = t.structure; $('fee').value = t.fee;
  $('lock_in_months').value = t.lock_in_months; $('payout_at_claim').value = t.payout_at_claim;
  $('per_loan_cap').value = t.per_loan_cap_minor === null ? '' : t.per_loan_cap_minor / Math.pow(10, l.currency_digits);
  if (t.portfolio_cap_rate !== null) { $('cap_kind').value = 'rate'; $('cap_value').value = t.portfolio_cap_rate; }
  else if (t.portfolio_cap_minor !== null) {
    $('cap_kind').value = 'amount'; $('cap_value').value = t.portfolio_cap_minor / Math.pow(10, l.currency_digits);
  } else { $('cap_kind').value = 'none'; $('cap_value').value = ''; }
  $('volume').value = 1; $('volume').max = l.volume_max; $('volume').disabled = !(l.planned_monthly_minor > 0);
}

function showOutputs(q) {
  $('coverage_out').textContent = pct($('coverage').value, 0);
  $('fee_out').textContent = pct($('fee').value, 1);
  $('payout_out').textContent = pct($('payout_at_claim').value, 0);
  const l = currentLine();
  $('volume_out').textContent = l && l.planned_monthly_minor > 0 && q
    ? money($('volume').value * l.planned_monthly_minor, q) + ' a month (' + $('volume').value + 'x plan)' : 'no plan';
}

function row(label, cur, pro, f) {
  const changed = Math.abs(cur.value - pro.value) > 1e-12 ? ' changed' : '';
  return '<tr><td>' + label + '</td><td class="num">' + est(cur, f) + '</td><td class="num' + changed + '">' +
         est(pro, f) + '</td></tr>';
}

function render(q) {
  const c = q.current, p = q.proposed, m = (x) => money(x, q), r = (x) => pct(x);
  const rows = [
    row('Bank loss rate without guarantee', c.bank_loss_rate_without_guarantee, p.bank_loss_rate_without_guarantee, r),
    row('Bank loss rate with guarantee', c.bank_loss_rate_with_guarantee, p.bank_loss_rate_with_guarantee, r),
    row('Agreement expected claims (' + q.currency + ')', c.agreement_expected_claims_minor, p.agreement_expected_claims_minor, m),
    row('Agreement 99% claims (' + q.currency + ')', c.agreement_claims_99_minor, p.agreement_claims_99_minor, m),
    row('Fund expected claims (' + q.currency + ')', c.fund_expected_claims_minor, p.fund_expected_claims_minor, m),
    row('Fund 99% claims (' + q.currency + ')', c.fund_claims_99_minor, p.fund_claims_99_minor, m),
    row('P(fund exhausted within ' + q.horizon_months + ' months)', c.exhaustion_probability, p.exhaustion_probability, r),
    row('Break-even fee a year', c.break_even_fee, p.break_even_fee, r),
  ];
  const fee = (x) => '<tr><td>Fee a year</td><td class="num">' + pct(c.fee) + '</td><td class="num">' + pct(x) + '</td></tr>';
  rows.push(fee(p.fee));
  const most = (v) => v === null ? 'no plan' : money(v.most_monthly_minor, q) + (v.at_search_limit ? ' or more (search limit)' : '') +
      '<span class="ci">' + v.lo.toFixed(2) + 'x – ' + v.hi.toFixed(2) + 'x plan</span>';
  rows.push('<tr><td>Most lending a month at the target (' + q.currency + ')</td><td class="num">' + most(c.most_lending) +
            '</td><td class="num">' + most(p.most_lending) + '</td></tr>');
  $('answer').tBodies[0].innerHTML = rows.join('');
  $('chart').innerHTML = p.chart_svg;
  $('facts').innerHTML = '<dt>As of</dt><dd>' + q.as_of + '</dd><dt>Scenarios</dt><dd>' + q.scenarios.toLocaleString('en-US') +
      ', seed ' + q.seed + '</dd><dt>Fund capital</dt><dd>' + money(q.capital_minor, q) + ' ' + q.currency + '</dd><dt>Target</dt><dd>' +
      q.target + '</dd>';
  $('status').textContent = 'Answered in ' + Math.round(q.seconds * 1000) + ' ms on ' + q.scenarios.toLocaleString('en-US') +
      ' scenarios (seed ' + q.seed + (q.draws_cached ? ', defaults drawn once and kept' : ', defaults just drawn') + ').';
  showOutputs(q);
}

function links() {
  const a = ask();
  $('download_md').href = url('/api/termsheet', { ...a, format: 'md' });
  $('download_html').href = url('/api/termsheet', { ...a, format: 'html' });
  $('dashboard').href = url('/dashboard', $('as_of').value ? { as_of: $('as_of').value } : {});
}

async function refresh() {
  if (inflight) inflight.abort();
  const ctl = new AbortController();
  inflight = ctl;
  links();
  showOutputs(window.gfund.lastQuote);
  try {
    const res = await fetch(url('/api/quote', ask()), { signal: ctl.signal });
    const body = await res.json();
    if (ctl !== inflight) return;
    if (!res.ok) { $('error').hidden = false; $('error').textContent = body.error.message; return; }
    $('error').hidden = true;
    window.gfund.lastQuote = body;
    render(body);
    $('status').dataset.answers = String(++answers);
  } catch (e) {
    if (e.name !== 'AbortError') { $('error').hidden = false; $('error').textContent = String(e); }
  }
}

function later() { clearTimeout(timer); timer = setTimeout(refresh, 80); }

async function start() {
  const res = await fetch(url('/api/agreements', {}));
  const body = await res.json();
  lines = body.agreements;
  lines.forEach((l, i) => $('agreement').add(new Option(l.label, String(i))));
  $('as_of').value = body.as_of;
  setTerms(lines[0]);
  $('agreement').addEventListener('change', () => { setTerms(currentLine()); later(); });
  $('terms').addEventListener('input', later);
  $('terms').addEventListener('change', later);
  $('terms').addEventListener('submit', (e) => e.preventDefault());
  refresh();
}
start();
)JS";
  return js;
}

}  // namespace gfund::server

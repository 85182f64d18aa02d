// Lists the sites and how much each has stored. Names are set as text, never as HTML.
const body = document.getElementById('sites');
const sites = await (await fetch('/api/v1/sites')).json();
for (const site of sites) {
  const stats = await (await fetch(`/api/v1/sites/${encodeURIComponent(site.key)}/stats`)).json();
  const row = body.insertRow();
  row.insertCell().textContent = `${site.name} (${site.key})`;
  row.insertCell().textContent = stats.events.total.toLocaleString();
  row.insertCell().textContent = stats.events.last ? new Date(stats.events.last).toLocaleString() : 'none yet';
}

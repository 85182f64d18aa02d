// The public "how busy is it" page (dashboards/static/public.html).
document.getElementById('busy')?.replaceChildren('Loading…');

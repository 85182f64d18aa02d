/**
 * The fixed paragraphs of a director's report: how Hearth made its figures
 * and what it records about patrons. Figures that vary (thresholds, the
 * public page's minimum count) are passed in, so the text never disagrees
 * with the configuration that produced the report.
 */

export function methodology(opts: { crowdedShare: number; firstMetresM: number; shortStayMinutes: number; longStayMinutes: number; neighbourM: number }): string[] {
  const pct = Math.round(opts.crowdedShare * 100);
  return [
    'Occupancy comes from the library\'s own sensors: desk and seat sensors (a seat is taken or free), zone headcount sensors, and the counters at entrances (people in and out). ' +
      'Readings are rolled up into 15-minute and hourly figures per zone and service day; only opening hours count towards the figures in this report.',
    `Utilisation is the mean number of people in a zone over opening hours divided by its seats. An hour counts as crowded when occupancy reached ${pct} % of the seats. ` +
      'Zones whose sensors were silent for part of the window are judged on the time they reported, and the share of time covered is shown with the figures.',
    'Density maps spread each desk\'s occupied time and each zone\'s mean headcount over the floor plan with a smooth kernel; hot spots are the connected areas of highest density and the share of the floor\'s people they hold.',
    `A desk session is a stretch of time a seat was taken. Stays under ${opts.shortStayMinutes} minutes are short; solo stays of ${opts.longStayMinutes / 60} hours or more are long. ` +
      `Sessions count as group work when neighbouring seats (within ${opts.neighbourM} m) were taken and left together. Nothing links sessions to a person.`,
    `An entrance's first metres are the ${opts.firstMetresM} m inside each door, where people slow down and get their bearings; the busiest path is the straight line from the door to the floor's largest hot spot.`,
    'Demand over the day comes from the entrance counters, per local clock hour, averaged over the open days of the window. Each recommendation names the metric to watch afterwards, by how much it should move and after how many weeks.',
  ];
}

export function privacyStatement(opts: { publicMinCount: number; viewerMinCount: number; rawDays: number }): string[] {
  return [
    'Hearth counts, it does not watch. Sensors report how many people passed a door, whether a seat is taken and how many people are in a zone; no camera image, name, card number, phone or device identifier is received or stored.',
    'Everything in this report is an aggregate over many visits and hours. Profiles and group figures describe kinds of visits, never individuals, and cannot be traced back to anyone.',
    `On the public "how busy is it" page, counts under ${opts.publicMinCount} are never shown as numbers. The patrons' poll is anonymous and kept only as totals per area and day; results with too few answers are not published.` +
      (opts.viewerMinCount > 1 ? ` Staff with the viewer role see counts under ${opts.viewerMinCount} withheld.` : ''),
    'The raw sensor readings hold a sensor, a time and a count or a taken/free state, nothing more; the rolled-up figures behind this report are totals per zone and day.',
    opts.rawDays > 0
      ? `Raw readings are deleted after ${opts.rawDays} days, a month at a time; only the rolled-up totals are kept longer.`
      : 'Raw readings are kept until the library deletes them (no retention period is set); the rolled-up totals are kept as well.',
  ];
}

export {
  buildOccupancyProfile,
  isEmptyResult,
  profileKey,
  profileWeek,
  type EmptyResult,
  type OccupancyProfile,
  type ProfileOptions,
  type TypicalSlot,
  type ZoneProfile,
} from './occupancy-profile.js';
export {
  boundedLevel,
  forecastOccupancy,
  levelFactor,
  type ForecastOptions,
  type ForecastPoint,
  type OccupancyForecast,
  type ZoneForecast,
  type ZoneForecastResult,
} from './occupancy-forecast.js';
export { evaluateForecast, type ErrorMetrics, type EvaluationOptions, type ForecastComparison, type ForecastEvaluation } from './evaluate-forecast.js';

/** The reports feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { sendFileToUser } from './upload';
export { renderCommissionChart, type CommissionChart } from './commission-chart';

// kalman-filter ships no type declarations; bench/peers/js-tracker.ts types the parts it uses itself.
declare module 'kalman-filter';

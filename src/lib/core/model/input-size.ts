/** Every image model reads 32x32 grayscale. Kept free of tfjs so the page can use it without loading tfjs. */
export const INPUT_SIDE = 32;

/** `buyer ...`: data buyers pay for access and check their access records. */
export const buyerTasks = [];

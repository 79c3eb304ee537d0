/** `buyback ...`: keepers run the buy-back-and-burn and anyone reads its state. */
export const buybackTasks = [];

console.log('wharf relay: not built yet');

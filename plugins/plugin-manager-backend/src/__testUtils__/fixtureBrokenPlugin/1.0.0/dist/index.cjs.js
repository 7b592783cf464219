'use strict';

throw new Error('broken fixture: this plugin cannot be loaded');

// The shop's Stripe payment page: mount Stripe's card element and confirm the PaymentIntent in the browser,
// or for Swish and Klarna confirm it with that method, so Stripe hands the shopper to the app or to
// Klarna. Card details stay inside Stripe's iframe; afterwards the shop asks Stripe itself.
"use strict";
(function () {
  var form = document.getElementById("stripe-payment-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey, { locale: form.dataset.locale || "auto" });
  var errors = document.getElementById("card-errors");
  var button = document.getElementById("stripe-pay-button");
  if (form.dataset.method !== "card") {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      var params = { return_url: form.dataset.returnUrl };
      if (form.dataset.method === "swish") {
        params.payment_method_data = { type: "swish" };  // Klarna's method is attached by the shop already
      }
      stripe.confirmPayment({ clientSecret: form.dataset.clientSecret, confirmParams: params }).then(function (result) {
        // Only reached when Stripe could not hand over; otherwise the browser has left this page.
        errors.textContent = (result.error && result.error.message) || "";
        button.disabled = false;
      });
    });
    return;
  }
  var card = stripe.elements().create("card", { hidePostalCode: true });
  card.mount("#card-element");
  card.on("change", function (event) {
    errors.textContent = event.error ? event.error.message : "";
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    stripe.confirmCardPayment(form.dataset.clientSecret, { payment_method: { card: card } }).then(function (result) {
      if (result.error && !result.paymentIntent) {
        // A declined card: the same page can try another one.
        errors.textContent = result.error.message || "";
        button.disabled = false;
        return;
      }
      window.location.assign(form.dataset.returnUrl);
    });
  });
})();
